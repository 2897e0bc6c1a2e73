"""A fake OpenAI-compatible server on 127.0.0.1: real HTTP, so the real ``openai`` client and ``instructor``
are exercised; the replies are scripted per request."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeLLM:
    """Scripted replies, one per HTTP request, in order. ``reply(obj)`` answers with ``obj`` as a tool call when
    the request offers tools, else as JSON content; ``content=`` sends raw message content (blank, garbage);
    ``status=`` an HTTP error; ``delay=`` sleeps first (to make the client time out). ``requests`` keeps every
    request body received."""

    def __init__(self) -> None:
        self.queue: deque[dict] = deque()
        self.requests: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep pytest output clean
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
                fake.requests.append(body)
                step = fake.queue.popleft() if fake.queue else {"status": 500, "message": "fake: no scripted reply"}
                if step.get("delay"):
                    time.sleep(step["delay"])
                try:
                    if step.get("status", 200) != 200:
                        payload = {"error": {"message": step.get("message", "error"), "type": "fake", "code": None}}
                        self._send(step["status"], payload)
                    else:
                        self._send(200, fake._completion(body, step))
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _send(self, status, payload):
                data = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def reply(self, obj=None, *, content=None, status=200, message="", delay=0.0, usage=(120, 40),
              reasoning=None) -> FakeLLM:
        self.queue.append({"obj": obj, "content": content, "status": status, "message": message, "delay": delay,
                           "usage": usage, "reasoning": reasoning})
        return self

    def _completion(self, request: dict, step: dict) -> dict:
        message: dict = {"role": "assistant", "content": None}
        if callable(step["obj"]):
            step = {**step, "obj": step["obj"](request)}
        if step["content"] is not None:
            message["content"] = step["content"]
        elif request.get("tools"):
            name = request["tools"][0]["function"]["name"]
            message["tool_calls"] = [{"id": "call_1", "type": "function",
                                      "function": {"name": name, "arguments": json.dumps(step["obj"], ensure_ascii=False)}}]
        else:
            message["content"] = json.dumps(step["obj"], ensure_ascii=False)
        if step["reasoning"] is not None:
            message["reasoning_content"] = step["reasoning"]
        p, c = step["usage"]
        return {"id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": request.get("model", "fake"),
                "choices": [{"index": 0, "message": message,
                             "finish_reason": "tool_calls" if "tool_calls" in message else "stop"}],
                "usage": {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c}}

    def last_user_text(self, i: int = -1) -> str:
        """Every message of request ``i`` joined (system, user and any re-ask turns)."""
        return "\n".join(str(m.get("content") or "") for m in self.requests[i]["messages"])

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
