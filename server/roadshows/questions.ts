import type { SocketCommand } from "../realtime/commands";
import { refuse } from "./answers";

// CONTRACT STUB (ADR 033): signatures fixed by server/roadshows/commands.ts; the owning helper replaces the bodies.

export const askQuestion: SocketCommand = async () => refuse("unavailable");

export const voteQuestion: SocketCommand = async () => refuse("unavailable");

export const markAnswered: SocketCommand = async () => refuse("unavailable");

export const hideQuestion: SocketCommand = async () => refuse("unavailable");
