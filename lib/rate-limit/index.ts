export {
  enforceRateLimit,
  hitRateLimit,
  peekRateLimit,
  RateLimitedError,
  type RateLimitPolicy,
  type RateLimitResult,
} from "./limiter";
export { RATE_LIMITS } from "./policies";
export { CLIENT_IP_HEADER, clientIpFrom, clientIpOf, stampClientIp } from "./client-ip";
