// Offline, for this app, means no network beyond the machine that serves it: `npm start` or `npm run preview`
// serves the page, its code, config.json and the demo endpoint from one origin. Nothing on the Send path
// (the code loaded on the first action, the model client, the image worker) may come from anywhere else.
import { expect, marker, test } from './fixtures';

test('with every other origin cut off, a first visit answers on the demo endpoint, and so does a reload', async ({
  chat,
  demo,
  page,
  baseURL,
}) => {
  const own = new URL(baseURL!).origin;
  const elsewhere: string[] = [];
  await page.context().route(
    (url) => url.origin !== own,
    (route) => {
      elsewhere.push(route.request().url());
      return route.abort('internetdisconnected');
    },
  );
  const m = marker();
  await chat.open();
  await chat.attach('rocket.jpg');
  await chat.waitForAttachmentsReady(1);
  const first = await chat.askAndWait(`What is in this picture? ${m}`);
  await expect(first.getByTestId('answer-text')).toContainText('640');

  await page.reload();
  await expect(first.getByTestId('answer-text')).toContainText('640');
  const followUp = await chat.askAndWait(`And its colours? ${m}`);
  await expect(followUp.getByTestId('answer-text')).toContainText('demo endpoint');
  expect(await demo.entriesFor(m)).toHaveLength(2);
  expect(elsewhere).toEqual([]);
});
