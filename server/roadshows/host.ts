import type { SocketCommand } from "../realtime/commands";
import { refuse } from "./answers";

// CONTRACT STUB (ADR 033): signatures fixed by server/roadshows/commands.ts; the owning helper replaces the bodies.

export const hostAction: SocketCommand = async () => refuse("unavailable");
