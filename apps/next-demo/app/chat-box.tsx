'use client';

import { type FormEvent, useEffect, useState } from 'react';

/** A prompt box that shows the answer of /api/chat/stream as its tokens arrive. */
export function ChatBox() {
  // Made in the browser (not during the server render), so the page and its requests share it.
  const [sessionId, setSessionId] = useState('');
  useEffect(() => setSessionId(crypto.randomUUID()), []);
  const [prompt, setPrompt] = useState('Say hello to OpenObserve in one sentence.');
  const [answer, setAnswer] = useState('');
  const [status, setStatus] = useState<'idle' | 'streaming' | 'done' | 'failed'>('idle');

  async function ask(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAnswer('');
    setStatus('streaming');
    try {
      const response = await fetch('/api/chat/stream', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-session-id': sessionId },
        body: JSON.stringify({ prompt }),
      });
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        setAnswer((text) => text + value);
      }
      setStatus('done');
    } catch (error) {
      setAnswer(error instanceof Error ? error.message : String(error));
      setStatus('failed');
    }
  }

  return (
    <form onSubmit={ask} data-session-id={sessionId}>
      <textarea
        name="prompt"
        rows={3}
        style={{ width: '100%' }}
        value={prompt}
        onChange={(event) => setPrompt(event.target.value)}
      />
      <button type="submit" disabled={!sessionId || status === 'streaming'}>
        Ask
      </button>
      <output data-status={status} style={{ display: 'block', marginTop: '1rem', whiteSpace: 'pre-wrap' }}>
        {answer}
      </output>
    </form>
  );
}
