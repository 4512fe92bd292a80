/** 修改密码 of the console: where a staff member whose password an administrator set is sent first. */
export const CONSOLE_PASSWORD_PATH = '/console/password';
