// s3rver (npm) ships no types: the part the multi-node test uses.
declare module 's3rver' {
  export default class S3rver {
    constructor(options: { port: number; address: string; silent?: boolean; directory: string; configureBuckets?: Array<{ name: string; configs: unknown[] }> });
    run(): Promise<unknown>;
    close(): Promise<void>;
  }
}
