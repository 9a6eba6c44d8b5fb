// Runs inside a fresh app, as CommonJS: the core's require() build instrumenting a plain openai client
// pointed at the gateway. Prints the answer.
const { instrumentOpenAI, openobserveInit } = require('@portobserve/core');
const { portkeyHeaders } = require('@portobserve/portkey');
const OpenAI = require('openai');

async function main() {
  const openobserve = openobserveInit();
  instrumentOpenAI();
  const openai = new OpenAI({
    baseURL: process.env.PORTKEY_BASE_URL,
    defaultHeaders: portkeyHeaders({ provider: 'openai', customHost: process.env.PORTKEY_CUSTOM_HOST }),
  });
  const answer = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Hi' }],
  });
  await openobserve.shutdown();
  console.log(answer.choices[0].message.content);
}
main();
