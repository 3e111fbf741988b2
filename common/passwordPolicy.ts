/** How long a password may be: the backend refuses outside it, the pages check it as it is typed. */
export const PASSWORD_MIN = 6;
export const PASSWORD_MAX = 128;
