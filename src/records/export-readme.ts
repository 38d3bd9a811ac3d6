// The README.md inside every export: what each field means and how to load the data in Python.
// Kept beside export.ts because the two must change together (the line shape is documented here).

export interface ReadmeFacts {
  exportedAt: string;
  records: number;
  ratings: number;
  votes: number;
  images: number;
  missingImages: number;
}

export function exportReadme(f: ReadmeFacts): string {
  return `# Tanuki Vision Studio export

Exported ${f.exportedAt}: ${f.records} records, ${f.ratings} ratings, ${f.votes} votes, ${f.images} images${
    f.missingImages ? ` (${f.missingImages} referenced images were no longer stored; their \`path\` is null)` : ''
  }.

## Files

- \`records.jsonl\`: one answer per line (JSON Lines, UTF-8), its ratings embedded.
- \`votes.jsonl\`: one comparison vote per line (only when there are votes).
- \`images/<sha256>.<ext>\`: every image a request carried, stored once, named by the SHA-256 of its bytes.

No endpoint token is ever stored or exported; endpoint URLs have credentials, fragments and secret-looking
query parameters removed.

## Loading

Run from the folder where this zip was extracted (image paths are relative to it).

\`\`\`python
import pandas as pd
df = pd.read_json("records.jsonl", lines=True)

from datasets import load_dataset
ds = load_dataset("json", data_files="records.jsonl", split="train")
\`\`\`

Every line has the same keys in the same order, with \`null\` where a value is absent, and fractional
fields always written as floats, so one schema fits all lines. \`datasets\` infers the schema from the first
10 MB of the file; if that part happens to have a field that is null on every line (for example no ratings
yet), pass the schema explicitly:

\`\`\`python
from datasets import Features, Value, load_dataset
S, I, F = Value("string"), Value("int64"), Value("float64")
image = {"sha256": S, "mime": S, "width": I, "height": I, "bytes": I, "path": S}
features = Features({
    "schema": I, "id": S, "createdAt": S, "endedAt": S, "source": S,
    "conversationId": S, "messageId": S, "groupId": S,
    "endpoint": {"id": S, "label": S, "url": S, "model": S, "protocol": S},
    "params": {"maxTokens": I, "temperature": F, "topP": F, "repetitionPenalty": F,
               "noRepeatNgramSize": I, "seed": I},
    "systemPrompt": S,
    "messages": [{"role": S, "text": S, "images": [image]}],
    "output": S, "finishReason": S, "status": S,
    "error": {"code": S, "message": S},
    "timings": {"ttftMs": F, "totalMs": F, "outputTokens": I, "tokensPerSecond": F},
    "usage": {"promptTokens": I, "completionTokens": I, "totalTokens": I},
    "appVersion": S,
    "batch": {"runId": S, "setId": S, "setName": S, "itemId": S, "itemIndex": I, "category": S,
              "reference": S, "context": S, "repeat": I, "sourceImages": [S]},
    "question": S, "imagePaths": [S],
    "ratings": [{"id": S, "annotator": S, "score": I, "thumb": S, "tags": [S], "note": S,
                 "createdAt": S, "updatedAt": S,
                 "judge": {"endpointId": S, "model": S, "runId": S, "rubricName": S, "rubricVersion": S,
                           "bothOrders": Value("bool"),
                           "passes": [{"order": S, "raw": S, "score1": F, "score2": F}],
                           "parsed": Value("bool"), "reason": S,
                           "answerScore": F, "referenceScore": F, "relative": F}}],
})
ds = load_dataset("json", data_files="records.jsonl", features=features, split="train")

# Images as PIL images:
from datasets import Image, Sequence
ds = ds.cast_column("imagePaths", Sequence(Image()))
\`\`\`

## records.jsonl fields

| field | type | meaning |
| --- | --- | --- |
| schema | int | record format version (1) |
| id | string | record id |
| createdAt | string | ISO 8601 time the request started |
| endedAt | string or null | ISO 8601 time the answer ended; null if it never ended (pending or incomplete) |
| source | string | where the answer came from: chat, compare or batch |
| conversationId | string or null | the chat conversation, if any |
| messageId | string or null | the chat message that shows this answer, if any |
| groupId | string or null | the comparison or batch run this answer belongs to, if any |
| endpoint.id | string | endpoint id in the app's settings |
| endpoint.label | string | endpoint name shown in the app |
| endpoint.url | string | endpoint URL, without secrets |
| endpoint.model | string | model name sent with the request |
| endpoint.protocol | string | openai-chat (OpenAI-compatible chat completions) or hf-vqa (Hugging Face task endpoint) |
| params.maxTokens | int | maximum new tokens |
| params.temperature | float | sampling temperature (0 = greedy) |
| params.topP | float | nucleus sampling threshold |
| params.repetitionPenalty | float | repetition penalty (1.0 = none) |
| params.noRepeatNgramSize | int | no-repeat n-gram size (0 = off) |
| params.seed | int or null | sampling seed, if one was sent |
| systemPrompt | string | system prompt sent ("" if none) |
| messages | list | the conversation as sent, oldest first; the last user message is the question |
| messages[].role | string | user or assistant |
| messages[].text | string | message text |
| messages[].images | list | images attached to the message |
| messages[].images[].sha256 | string | SHA-256 of the image bytes as sent (hex) |
| messages[].images[].mime | string | image type (image/jpeg, image/png, ...) |
| messages[].images[].width, height | int | pixel size as sent |
| messages[].images[].bytes | int | size in bytes as sent |
| messages[].images[].path | string or null | the image file in this zip; null if it was not stored any more |
| output | string | the model's answer (partial when the status is not ok) |
| finishReason | string or null | why generation stopped, as the endpoint said (stop, length, ...) |
| status | string | ok, error (see error), aborted (stopped by the user), incomplete (the page closed mid-answer) or pending |
| error | object or null | code (auth, not-found, rate-limited, loading, too-large, network, timeout, aborted, protocol, server, config) and message |
| timings.ttftMs | float or null | milliseconds from request to first token; null when not measured (batch answers are asked for whole, not streamed) |
| timings.totalMs | float or null | milliseconds from request to the end |
| timings.outputTokens | int or null | tokens generated (from usage, or counted stream chunks) |
| timings.tokensPerSecond | float or null | generation speed after the first token |
| usage | object or null | token usage reported by the endpoint: promptTokens, completionTokens, totalTokens (each int or null) |
| appVersion | string | app version that made the record |
| batch | object or null | for batch answers (source batch): where the question came from; null otherwise |
| batch.runId | string | the batch run (also in groupId) |
| batch.setId, setName | string | the question set and its name when the run started |
| batch.itemId | string | the question's id in its set (question_id for Heron-Bench) |
| batch.itemIndex | int | the question's position in its set, from 0 |
| batch.category | string or null | the question's category (Heron-Bench: conv, detail, complex) |
| batch.reference | string or null | the reference answer, if the set has one |
| batch.context | string or null | a description of the image (Heron-Bench's caption), given to a judge |
| batch.repeat | int | which repetition of the question this answer is, from 0 |
| batch.sourceImages | list of string | SHA-256 of the set's own images, before they were resized for the endpoint |
| question | string | convenience copy of the last user message's text |
| imagePaths | list of string | convenience list of the paths of the request's images present in this zip |
| ratings | list | human ratings of this answer, one per annotator |
| ratings[].id | string | rating id |
| ratings[].annotator | string | annotator name |
| ratings[].score | int or null | 1 (wrong or harmful) to 5 (correct, complete, natural) |
| ratings[].thumb | string or null | up or down |
| ratings[].tags | list of string | e.g. hallucination, wrong-object, ocr-error, unnatural-japanese, refused, incomplete, good |
| ratings[].note | string | free-text note |
| ratings[].createdAt, updatedAt | string | ISO 8601 times the rating was first given and last changed |
| ratings[].judge | object or null | for ratings by an LLM judge (annotator \`judge:<model>\`); null for people's ratings |
| ratings[].judge.endpointId, model | string | the judge's endpoint and model |
| ratings[].judge.runId | string or null | the judge run |
| ratings[].judge.rubricName, rubricVersion | string | the rubric the judge was given; the version is a hash of its text |
| ratings[].judge.bothOrders | bool | whether the judge saw the answers in both orders (against position bias) |
| ratings[].judge.passes | list | each call: order (reference-first: the reference was Assistant 1), the judge's raw text, and the two numbers on its first line (null when unparseable) |
| ratings[].judge.parsed | bool | false when the judge's answer could not be read as two scores: then there is no score |
| ratings[].judge.reason | string or null | why it could not be read (no-scores, extra-text, one-score, too-many-scores, out-of-range, empty, judge-error) |
| ratings[].judge.answerScore, referenceScore | float or null | the answer's and the reference's score, 1-10 (averaged over both orders) |
| ratings[].judge.relative | float or null | answerScore / referenceScore; Heron-Bench reports its mean × 100. ratings[].score holds it on the 1-5 scale |

## votes.jsonl fields

One line per vote of one annotator on one comparison: two answers to the same question (and images) from
two endpoints, shown side by side as A (left) and B (right). Load it with
\`pd.read_json("votes.jsonl", lines=True)\`; join \`recordIds\` to \`records.jsonl\`'s \`id\` for the answers.

| field | type | meaning |
| --- | --- | --- |
| schema | int | vote format version (2; version 1 lines, without the fields below \`createdAt\`, still import) |
| id | string | vote id |
| groupId | string | the comparison turn (the records' \`groupId\`), or the pair for votes from the pairwise queue |
| recordIds | list of string | the two answers, in the order shown: the first was side A (left), the second side B (right) |
| endpointIds | list of string | their endpoints, same order |
| models | list of string or null | the model name each endpoint was asked for, same order |
| choice | string | a (A better), b (B better), tie (both good, equally) or both-bad (both bad, equally); tie and both-bad count as half a win each way in a ranking |
| annotator | string | who voted (one vote per annotator and pair of answers; changing it keeps the id) |
| createdAt | string | ISO 8601 time of the first vote |
| updatedAt | string | ISO 8601 time it was last changed |
| blind | bool | the endpoints' names were hidden (and the sides shuffled) until the vote |
| reasons | list of string | reason tags the annotator picked (accuracy, detail, japanese, hallucination, ...) |
| note | string | free-text note |
| flagged | bool | an answer named a model or vendor (the voter may have known which was which): leave such votes out of a blind ranking |
| identityWords | list of string | the words of the identity list found in the answers (empty when not flagged) |

Importing this zip into Tanuki Vision Studio merges it by id: newer answers, ratings and votes replace older ones,
and importing the same file twice changes nothing.
`;
}
