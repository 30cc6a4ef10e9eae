// Service errors and the rule that an operation answers only the errors its model lists.
import { isModelledError, modelledErrors } from "./model";

export type ErrorName =
  | "ValidationException"
  | "ServiceQuotaExceededException"
  | "AccessDeniedException"
  | "ResourceNotFoundException"
  | "ConflictException"
  | "ThrottlingException"
  | "InternalServerException";

/** An error the service answers with; `name` is the model's error shape. */
export class ServiceError extends Error {
  constructor(
    readonly errorName: ErrorName,
    message: string,
  ) {
    super(message);
    this.name = errorName;
  }
}

export const validationError = (message: string) => new ServiceError("ValidationException", message);
export const notFound = (message: string) => new ServiceError("ResourceNotFoundException", message);
export const conflict = (message: string) => new ServiceError("ConflictException", message);

/**
 * A quota error where the operation models ServiceQuotaExceededException, else the same
 * message as a ValidationException (AWS never answers an error an operation does not list).
 */
export function quotaError(operation: string, message: string): ServiceError {
  return isModelledError(operation, "ServiceQuotaExceededException")
    ? new ServiceError("ServiceQuotaExceededException", message)
    : validationError(message);
}

/** A conflict where modelled, else a ValidationException with the same message. */
export function conflictOrValidation(operation: string, message: string): ServiceError {
  return isModelledError(operation, "ConflictException") ? conflict(message) : validationError(message);
}

// Closest modelled stand-in when an error is not in an operation's list: client faults become
// ValidationException (400, listed by every operation), anything else InternalServerException.
const FALLBACKS: Record<ErrorName, ErrorName[]> = {
  ValidationException: ["InternalServerException"],
  ServiceQuotaExceededException: ["ValidationException", "InternalServerException"],
  ResourceNotFoundException: ["ValidationException", "InternalServerException"],
  ConflictException: ["ValidationException", "InternalServerException"],
  AccessDeniedException: ["ValidationException", "InternalServerException"],
  ThrottlingException: ["InternalServerException"],
  InternalServerException: ["ValidationException"],
};

/**
 * The last check before an error leaves the server: returns the error unchanged when the
 * operation models it, otherwise the closest modelled error carrying the same message.
 */
export function enforceModelledError(operation: string, error: ServiceError): ServiceError {
  if (isModelledError(operation, error.errorName)) return error;
  const allowed = modelledErrors(operation);
  const replacement = FALLBACKS[error.errorName].find((name) => allowed.includes(name)) ?? (allowed[0] as ErrorName);
  return new ServiceError(replacement, error.message);
}
