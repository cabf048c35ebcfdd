// The account page lives inside the signed-in dashboard frame.
export { default } from "../(dashboard)/layout";
