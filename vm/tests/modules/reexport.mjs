export { add as a } from "./lib.mjs";
export * from "./cycle.mjs";
