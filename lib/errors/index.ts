export {
  AppError,
  ERROR_STATUS,
  fromZodError,
  invalid,
  isErrorCode,
  notFound,
  type AppErrorOptions,
  type ErrorBody,
  type ErrorCode,
  type ErrorObject,
} from "./app-error";
