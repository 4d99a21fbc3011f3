"""A plain TCP relay: listen on one address, connect to another, same port.

Run as a script (``python tcp_relay.py --listen A --target B PORT...``):
for each port it accepts on ``A:PORT`` and pipes every connection to
``B:PORT``, both ways, closing both sides when either ends. A connection
that cannot reach the target within ``--connect-timeout`` is closed, as a
router that lost its route would. It prints ``ready`` once it listens.
"""

import argparse
import asyncio
import sys


async def _pipe(reader, writer):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()


def _handler(target, port, timeout):
    async def handle(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.wait_for(
                asyncio.open_connection(target, port), timeout)
        except (OSError, asyncio.TimeoutError):
            client_writer.close()
            return
        await asyncio.gather(_pipe(client_reader, server_writer),
                             _pipe(server_reader, client_writer))
    return handle


async def _serve(args):
    servers = [await asyncio.start_server(
        _handler(args.target, port, args.connect_timeout), args.listen, port,
        reuse_address=True) for port in args.ports]
    print('ready', flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--listen', required=True, help='address to listen '
                                                        'on')
    parser.add_argument('--target', required=True, help='address to relay '
                                                        'to')
    parser.add_argument('--connect-timeout', type=float, default=10.0,
                        help='seconds to reach the target (default 10)')
    parser.add_argument('ports', nargs='+', type=int, help='TCP ports')
    args = parser.parse_args(argv)
    try:
        asyncio.run(_serve(args))
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == '__main__':
    sys.exit(main())
