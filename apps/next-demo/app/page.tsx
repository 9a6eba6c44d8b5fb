import { ChatBox } from './chat-box';

export default function Home() {
  return (
    <main>
      <h1>Ask through Portkey</h1>
      <p>The answer streams from /api/chat/stream; the request and the LLM call are traced to OpenObserve.</p>
      <ChatBox />
    </main>
  );
}
