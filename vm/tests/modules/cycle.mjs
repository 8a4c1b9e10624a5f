import { a } from "./reexport.mjs";
export const fromCycle = () => a;
