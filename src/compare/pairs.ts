// The pairwise review queue as plain data: pairs of finished answers to the same question and images from
// two different endpoints, found among the stored records. The pairs this annotator voted on come first, in
// the order voted and with the sides they were voted with; the others follow in an order and with sides that
// are random but fixed per annotator and pair, so a reload, the next visit or a new pair elsewhere moves
// nothing: the annotator comes back to the same pair at the same position.
import { imageHashesOf, questionOf, votePairKey, type AnswerRecord, type Vote } from '../records';
import { seededRandom } from '../stats/random';

export interface QueuePair {
  /** The vote's pair key (annotator and both record ids, sorted): stable across reloads. */
  key: string;
  /** The comparison turn the answers came from, or one derived from the question and images. */
  groupId: string;
  /** The answers in the order shown: A first. */
  recordIds: [string, string];
}

/** 32-bit FNV-1a, as 8 hex digits: a short stable name for a string. */
function hash32(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * Which answers may be compared: the sides of one comparison turn (same groupId, source compare), or
 * single-turn answers with the same question and the same images (batch runs name their source images;
 * other answers are compared by the images as sent). Null for answers that cannot be paired.
 */
export function pairingKey(r: AnswerRecord): string | null {
  if (r.status !== 'ok' || r.output.trim() === '') return null;
  if (r.source === 'compare' && r.groupId) return `compare:${r.groupId}`;
  if (r.messages.length !== 1 || r.messages[0]?.role !== 'user') return null;
  const images = r.batch?.sourceImages ?? imageHashesOf(r);
  return `question:${JSON.stringify([questionOf(r).trim(), [...images].sort()])}`;
}

function groupIdOf(key: string): string {
  return key.startsWith('compare:') ? key.slice('compare:'.length) : `pair-${hash32(key)}`;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Every pair of endpoints within each group (each endpoint's newest answer there). First the pairs this
 * annotator voted on (oldest vote first, sides as voted), then the rest, each placed and its sides drawn by a
 * seed of the annotator's name and the pair: the same for the same pair whatever else is stored.
 */
export function buildPairQueue(records: readonly AnswerRecord[], votes: readonly Vote[], annotator: string): QueuePair[] {
  const groups = new Map<string, Map<string, AnswerRecord>>();
  for (const r of records) {
    const key = pairingKey(r);
    if (key === null) continue;
    let byEndpoint = groups.get(key);
    if (!byEndpoint) groups.set(key, (byEndpoint = new Map()));
    const seen = byEndpoint.get(r.endpoint.id);
    if (!seen || Date.parse(r.createdAt) > Date.parse(seen.createdAt)) byEndpoint.set(r.endpoint.id, r);
  }
  const mine = new Map<string, Vote>();
  for (const v of votes) if (v.annotator === annotator.trim()) mine.set(votePairKey(v), v);
  const voted: { pair: QueuePair; at: string }[] = [];
  const open: { pair: QueuePair; rank: string }[] = [];
  for (const [key, byEndpoint] of groups) {
    const list = [...byEndpoint.values()].sort((a, b) => byText(a.endpoint.id, b.endpoint.id));
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        const ids: [string, string] = [list[i]!.id, list[j]!.id];
        const pairKey = votePairKey({ annotator, recordIds: ids });
        const vote = mine.get(pairKey);
        if (vote) {
          const sides: [string, string] = vote.recordIds[0] === ids[0] ? ids : [ids[1], ids[0]];
          voted.push({ pair: { key: pairKey, groupId: vote.groupId, recordIds: sides }, at: vote.createdAt });
          continue;
        }
        const seed = hash32(`${annotator}\n${pairKey}`);
        const flip = seededRandom(parseInt(seed, 16))() < 0.5;
        open.push({ pair: { key: pairKey, groupId: groupIdOf(key), recordIds: flip ? [ids[1], ids[0]] : ids }, rank: seed + pairKey });
      }
  }
  voted.sort((a, b) => byText(a.at, b.at) || byText(a.pair.key, b.pair.key));
  open.sort((a, b) => byText(a.rank, b.rank));
  return [...voted.map((v) => v.pair), ...open.map((o) => o.pair)];
}

/** Where the queue opens: the pair the annotator was on, else the first one not voted on (past the end when none is left). */
export function resumeIndex(pairs: readonly QueuePair[], isVoted: (key: string) => boolean, resumeKey: string | null): number {
  const at = resumeKey ? pairs.findIndex((p) => p.key === resumeKey) : -1;
  if (at >= 0) return at;
  const open = pairs.findIndex((p) => !isVoted(p.key));
  return open >= 0 ? open : pairs.length;
}
