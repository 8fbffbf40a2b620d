/**
 * Why a person of a choosing programme is on staff's "Needs attention" list: one word each, the
 * page's sentence for it kept beside the rows (src/admin/pages/attention.page.ts).
 * - `no-mentor-left`: a mentee told that no mentor with a free place is left to suggest (choice_waits).
 * - `mentee-requests-lapsed`: the mentee's last two requests both ran out unanswered.
 * - `mentor-let-lapse`: the mentor let the last two requests to them run out unanswered.
 */
export type ChoiceAttentionReason = 'no-mentor-left' | 'mentee-requests-lapsed' | 'mentor-let-lapse';

export interface ChoiceAttentionRow {
  participantId: string;
  name: string;
  programmeId: string;
  programmeName: string;
  reason: ChoiceAttentionReason;
  /** Listed since: the wait began, or the first of the two lapses. */
  since: Date;
}
