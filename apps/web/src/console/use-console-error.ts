import { useRoute, useRouter } from 'vue-router';
import { ApiError, messageOf } from '../api/client';
import { useStaffSessionStore } from '../stores/staff-session';
import { CONSOLE_PASSWORD_PATH } from './paths';

/**
 * The message of a failed console request; a 401 (session expired, or the staff member was disabled) also
 * sends the person back to the login page, returning here afterwards.
 */
export function useConsoleError(): (err: unknown) => string {
  const router = useRouter();
  const route = useRoute();
  const staff = useStaffSessionStore();
  return (err) => {
    if (err instanceof ApiError && err.status === 401) {
      staff.clear();
      void router.replace({ path: '/console/login', query: { redirect: route.fullPath } });
    }
    // An administrator reset the password meanwhile: the session may only change it now.
    if (err instanceof ApiError && err.code === 'auth/password_change_required') {
      void staff.load(true).then(() => router.replace(CONSOLE_PASSWORD_PATH));
    }
    return messageOf(err);
  };
}
