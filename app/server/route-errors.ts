import { notFound } from "../modules/auth/require.server";
import { AppError } from "../modules/errors";

/** In loaders: a module's "not found" becomes the 404 page (other errors go on to the error boundary). */
export async function or404<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") throw notFound(error.message);
    throw error;
  }
}
