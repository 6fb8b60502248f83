#!/usr/bin/env python3
"""Drives headless Chromium against a `closet receive` page: picks photos in the page's file input through the
DevTools protocol (DOM.setFileInputFiles), presses Send, and waits until the page shows what became of each one.
Standard library only (a minimal WebSocket client). Prints one JSON line: {"seconds": S, "rows": [[class, text]...]}.

  browser-upload.py [--no-script] URL PHOTO...

--no-script turns JavaScript off in the page, so the plain form posts the photos and the answer is a page.
"""
import base64, json, os, re, shutil, socket, struct, subprocess, sys, tempfile, time, urllib.request


class WebSocket:
    def __init__(self, url):
        m = re.match(r"ws://([^:/]+):(\d+)(/.*)", url)
        self.sock = socket.create_connection((m.group(1), int(m.group(2))), timeout=1200)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {m.group(3)} HTTP/1.1\r\nHost: {m.group(1)}:{m.group(2)}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError("no websocket: " + head.decode(errors="replace"))
        self.next_id = 0

    def send(self, text):
        data = text.encode()
        mask = os.urandom(4)
        header = bytes([0x81])
        n = len(data)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", n)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def exactly(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise RuntimeError("the browser closed the connection")
            data += chunk
        return data

    def receive(self):
        message = b""
        while True:
            b0, b1 = self.exactly(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self.exactly(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self.exactly(8))[0]
            payload = self.exactly(n)
            if b0 & 0x0F in (0x1, 0x0):
                message += payload
                if b0 & 0x80:
                    return message.decode()

    def call(self, method, **params):
        self.next_id += 1
        wanted = self.next_id
        self.send(json.dumps({"id": wanted, "method": method, "params": params}))
        while True:
            reply = json.loads(self.receive())
            if reply.get("id") == wanted:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def wait_event(self, method):
        while True:
            reply = json.loads(self.receive())
            if reply.get("method") == method:
                return reply


def main():
    args = sys.argv[1:]
    script = True
    if args and args[0] == "--no-script":
        script = False
        args = args[1:]
    url, photos = args[0], [os.path.abspath(p) for p in args[1:]]
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    profile = tempfile.mkdtemp(prefix="closet-chromium-")
    browser = subprocess.Popen([chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                "--remote-debugging-port=0", f"--user-data-dir={profile}", "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for line in browser.stderr:
            m = re.search(r"DevTools listening on (ws://\S+)", line)
            if m:
                break
        else:
            raise RuntimeError("chromium did not start")
        port = re.match(r"ws://[^:]+:(\d+)/", m.group(1)).group(1)
        pages = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        ws = WebSocket(next(p for p in pages if p["type"] == "page")["webSocketDebuggerUrl"])
        ws.call("Page.enable")
        if not script:
            ws.call("Emulation.setScriptExecutionDisabled", value=True)
        ws.call("Page.navigate", url=url)
        ws.wait_event("Page.loadEventFired")
        root = ws.call("DOM.getDocument")["root"]["nodeId"]
        chooser = ws.call("DOM.querySelector", nodeId=root, selector="#choose")["nodeId"]
        ws.call("DOM.setFileInputFiles", nodeId=chooser, files=photos)
        start = time.monotonic()
        if script:
            ws.call("Runtime.evaluate", expression="document.querySelector('#send button').click()")
            expression = """new Promise(function (done) {
              function look() {
                var rows = document.querySelectorAll('#list li.ok, #list li.dup, #list li.bad');
                if (rows.length >= %d) done(JSON.stringify(Array.from(rows).map(function (r) { return [r.className, r.textContent]; })));
                else setTimeout(look, 50);
              }
              look();
            })""" % len(photos)
            result = ws.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
            rows = json.loads(result["result"]["value"])
        else:
            # No script in the page: the button submits the form; the answer is a page listing each photo.
            box = ws.call("DOM.getBoxModel", nodeId=ws.call("DOM.querySelector", nodeId=root, selector="#send button")["nodeId"])
            quad = box["model"]["content"]
            x, y = (quad[0] + quad[4]) / 2, (quad[1] + quad[5]) / 2
            for kind in ("mousePressed", "mouseReleased"):
                ws.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)
            ws.wait_event("Page.loadEventFired")
            ws.call("Emulation.setScriptExecutionDisabled", value=False)
            result = ws.call("Runtime.evaluate", returnByValue=True, expression=
                             "JSON.stringify(Array.from(document.querySelectorAll('#result li')).map(function (r) { return [r.className, r.textContent]; }))")
            rows = json.loads(result["result"]["value"])
        print(json.dumps({"seconds": round(time.monotonic() - start, 2), "rows": rows}))
    finally:
        browser.terminate()
        try:
            browser.wait(timeout=10)
        except subprocess.TimeoutExpired:
            browser.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # said on stdout, which the test shows
        print(json.dumps({"error": repr(error)}))
        sys.exit(1)
