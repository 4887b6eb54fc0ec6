#!/usr/bin/env python3
"""The cluster's own SMTP sink: accepts every message and appends one line per message and recipient to a log,
`<unix time>\t<recipient>\t<Message-ID>`, so the fault suite can count emails lost and copies sent twice.
Stores no bodies. Usage: smtp_sink.py PORT LOGFILE"""
import asyncio, sys, time

PORT, LOG = int(sys.argv[1]), sys.argv[2]
log = open(LOG, "a", buffering=1)


async def session(reader, writer):
    def reply(line):
        writer.write((line + "\r\n").encode())

    reply("220 impacte-cluster-sink ESMTP")
    rcpts = []
    try:
        while True:
            raw = await reader.readline()
            if not raw:
                break
            verb = raw.decode("utf-8", "replace").strip().split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                reply("250-impacte-cluster-sink\r\n250-8BITMIME\r\n250 SIZE 52428800" if verb == "EHLO" else "250 impacte-cluster-sink")
            elif verb == "MAIL":
                rcpts = []
                reply("250 2.1.0 Ok")
            elif verb == "RCPT":
                line = raw.decode("utf-8", "replace")
                rcpts.append(line[line.find("<") + 1:line.find(">")])
                reply("250 2.1.5 Ok")
            elif verb == "DATA":
                reply("354 End data with <CR><LF>.<CR><LF>")
                await writer.drain()
                message_id, in_headers = "", True
                while True:
                    line = await reader.readline()
                    if not line or line in (b".\r\n", b".\n"):
                        break
                    if in_headers:
                        if line in (b"\r\n", b"\n"):
                            in_headers = False
                        elif line[:11].lower() == b"message-id:":
                            message_id = line[11:].decode("ascii", "replace").strip()
                now = time.time()
                for r in rcpts:
                    log.write(f"{now:.3f}\t{r}\t{message_id}\n")
                reply("250 2.0.0 Ok: queued")
            elif verb == "QUIT":
                reply("221 2.0.0 Bye")
                await writer.drain()
                break
            elif verb in ("RSET", "NOOP"):
                rcpts = [] if verb == "RSET" else rcpts
                reply("250 2.0.0 Ok")
            else:
                reply("502 5.5.2 Command not recognised")
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def main():
    server = await asyncio.start_server(session, "127.0.0.1", PORT, limit=1 << 20)
    async with server:
        await server.serve_forever()

asyncio.run(main())
