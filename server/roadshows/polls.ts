import type { SocketCommand } from "../realtime/commands";
import { refuse } from "./answers";

// CONTRACT STUB (ADR 033): signatures fixed by server/roadshows/commands.ts; the owning helper replaces the bodies.

export const openPoll: SocketCommand = async () => refuse("unavailable");

export const answerPoll: SocketCommand = async () => refuse("unavailable");

export const closePoll: SocketCommand = async () => refuse("unavailable");
