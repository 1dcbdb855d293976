import { frontierContract } from "./frontier.contract.js";
import { MemoryFrontier } from "./memory-frontier.js";

frontierContract("memory", () => new MemoryFrontier(), { keyIndex: true });
