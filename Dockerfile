# The platform's image (issue 23, docs/operations.md "Containers"). Three stages: `build` compiles the portal and
# the server with every dependency; `deps` installs the server's production dependencies only; `runtime`, the
# image that runs, holds node, those dependencies and the two builds, and runs as the unprivileged `node` user.
# `proxy` is nginx with the portal's static files, in front of the nodes (deploy/compose.yaml).
# Checked by dockerfilelint (npm) in apps/server/src/deploy.test.ts; docker cannot pull images on the CI machines.
# (HEALTHCHECK has no --start-period: dockerfilelint 1.8 misreads hyphenated options; --retries covers the start.)

# Node's LTS line on Debian 12; the platform needs 20.19 or later.
FROM node:22.21-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json ./
COPY packages/domain/package.json packages/domain/
COPY apps/server/package.json apps/server/
COPY apps/web/package.json apps/web/
COPY e2e/package.json e2e/
COPY bench/package.json bench/
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY packages/domain packages/domain
COPY apps/server apps/server
COPY apps/web apps/web
RUN npm run build

FROM node:22.21-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/domain/package.json packages/domain/
COPY apps/server/package.json apps/server/
COPY apps/web/package.json apps/web/
COPY e2e/package.json e2e/
COPY bench/package.json bench/
# The server's production dependencies only: no TypeScript, no test runner, no bundler, no browser.
RUN npm ci --omit=dev --workspace @ausm/server --no-audit --no-fund --ignore-scripts \
  && mkdir -p apps/server/node_modules \
  && npm cache clean --force

FROM node:22.21-bookworm-slim AS runtime
ENV NODE_ENV=production \
    AUSM_MODE=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules node_modules
COPY --from=deps --chown=root:root /app/apps/server/node_modules apps/server/node_modules
COPY --from=build --chown=root:root /app/package.json ./
COPY --from=build --chown=root:root /app/apps/server/package.json apps/server/
COPY --from=build --chown=root:root /app/apps/server/dist apps/server/dist
COPY --from=build --chown=root:root /app/apps/web/dist apps/web/dist
# The code belongs to root and cannot be changed by the process; it runs as `node` (uid 1000).
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=6 CMD ["node", "-e", "fetch('http://127.0.0.1:3000/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "apps/server/dist/main.js"]

FROM nginx:1.28-alpine AS proxy
COPY --from=build /app/apps/web/dist /usr/share/nginx/html
COPY deploy/nginx.conf /etc/nginx/conf.d/default.conf
EXPOSE 80
