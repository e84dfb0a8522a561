/**
 * Errors as JSON, like every other answer of the service. Express's default
 * error handler answers with an HTML page (and a stack trace outside
 * production): a client that posts malformed JSON gets a 400 that says what
 * is wrong instead, and an unexpected failure a 500 without internals.
 */
import type { NextFunction, Request, Response } from 'express';

/** What body-parser (express.json()) puts on the errors it raises. */
interface HttpError extends Error {
  status?: number;
  expose?: boolean;
  type?: string;
}

/** Express error middleware (four parameters): the last `app.use()`. */
export function answerErrorsInJson(error: HttpError, req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) {
    next(error); // Express closes the connection
    return;
  }
  const status = error.status ?? 500;
  if (error.type === 'entity.parse.failed') {
    res.status(400).json({ error: `the body is not valid JSON (${error.message})` });
  } else if (status < 500 && error.expose) {
    res.status(status).json({ error: error.message });
  } else {
    console.error(`food-delivery: ${req.method} ${req.originalUrl} failed:`, error);
    res.status(500).json({ error: 'internal error: see the service log' });
  }
}
