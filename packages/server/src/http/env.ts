/** What request handlers share through Hono's context. */
export interface AppEnv {
  Variables: {
    /** The caller's organization's allowed origins, once the token is known (for CORS). */
    orgOrigins: string[];
  };
}
