import type { SocketCommand } from '../realtime/commands'
import { sendChat } from './chat'
import { hostAction } from './host'
import { registerIntent } from './intents'
import { moderate } from './moderation'
import { answerPoll, closePoll, openPoll } from './polls'
import { askQuestion, hideQuestion, markAnswered, voteQuestion } from './questions'
import { closeScoring, submitScore } from './scoring'

// The roadshow page's socket commands (ADR 033). Each takes the signed-in
// principal and the raw message, checks the viewer's roles in the roadshow
// (server/roadshows/access.ts) and its own rules, stores the change and its
// room event in one transaction, and answers a RoadshowAnswer.
// Message shapes (every message has `roadshowId`; `key` makes a re-send safe):
//   roadshow:host           {roadshowId, action: 'start'|'next'|'goto'|'qa_open'|'qa_close'|'pin'|'unpin'|'end', itemId?, body?}  organisers
//   roadshow:chat           {roadshowId, body, key}                                     participants
//   roadshow:moderate       {roadshowId, action: 'hide'|'mute'|'unmute'|'remove', chatId?, userId?, minutes?}  organisers
//   roadshow:ask            {roadshowId, itemId|null, body, key}                        participants
//   roadshow:vote           {roadshowId, questionId}  → {votes}                         participants (once per person)
//   roadshow:answered       {roadshowId, questionId}                                    organisers, presenters
//   roadshow:question_hide  {roadshowId, questionId}                                    organisers
//   roadshow:poll_open      {roadshowId, itemId|null, question, options: string[2..6], multiple}  organisers
//   roadshow:poll_answer    {roadshowId, pollId, choices: number[]}                     participants (once per person)
//   roadshow:poll_close     {roadshowId, pollId}                                        organisers
//   roadshow:score          {roadshowId, itemId, scores: {criterionKey: 0..100}, comment?}  judges (revisable until closed)
//   roadshow:scoring_close  {roadshowId, itemId}                                        organisers
//   roadshow:intent         {roadshowId, itemId, orgId?, mode, note}                     verified enterprise members

export const ROADSHOW_COMMANDS: Record<string, SocketCommand> = {
  'roadshow:host': hostAction,
  'roadshow:chat': sendChat,
  'roadshow:moderate': moderate,
  'roadshow:ask': askQuestion,
  'roadshow:vote': voteQuestion,
  'roadshow:answered': markAnswered,
  'roadshow:question_hide': hideQuestion,
  'roadshow:poll_open': openPoll,
  'roadshow:poll_answer': answerPoll,
  'roadshow:poll_close': closePoll,
  'roadshow:score': submitScore,
  'roadshow:scoring_close': closeScoring,
  'roadshow:intent': registerIntent,
}
