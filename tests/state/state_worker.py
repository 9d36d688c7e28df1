"""A child process for the state tests (run as a script, not collected by pytest).

    state_worker.py race URL ROUND_ID MOVE_ID EXPECTED
        connects, prints READY, waits for a line on stdin (the start signal), decides once,
        prints WON <decision_id> or STALE <current_version> (or ERROR <class>) and exits.
    state_worker.py stream URL ROUND_ID N_MOVES
        decides moves round-robin as fast as it can, for ever, printing
        ACK <decision_id> <round_version> after each decide() returned (committed), and
        every fifth time states a preference (PREF <employee_id> <note>).
    state_worker.py stream_async URL ROUND_ID N_MOVES
        the same writes from an event loop (decide_async, put_preferences_async), the
        decisions and the preferences as two concurrent writers sharing group commits.
"""

from __future__ import annotations

import asyncio
import secrets
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from serving.state import StaleVersion, StateError, StateStore  # noqa: E402


def race(url: str, round_id: str, move_id: str, expected: str) -> None:
    store = StateStore(url, migrate=False, pool_size=1)
    with store.engine.connect():  # connect before the start so the race is the write alone
        pass
    print("READY", flush=True)
    sys.stdin.readline()
    try:
        d = store.decide(round_id, move_id, "approve", "race", int(expected), "racer")
        print("WON", d["decision_id"], flush=True)
    except StaleVersion as exc:
        print("STALE", exc.current_version, flush=True)
    except StateError as exc:
        print("ERROR", type(exc).__name__, exc.message, flush=True)


def stream(url: str, round_id: str, n_moves: str) -> None:
    store = StateStore(url, migrate=False, pool_size=1)
    version = store.get_round(round_id)["version"]
    i = 0
    print("READY", flush=True)
    while True:
        move = f"m{i % int(n_moves) + 1}"
        d = store.decide(round_id, move, "approve" if i % 2 else "reject", f"#{i}", version,
                         "streamer")
        version = d["round_version"]
        print("ACK", d["decision_id"], version, flush=True)
        if i % 5 == 0:
            p = store.put_preferences(f"E{i % 7}", [f"U{i % 3}"], True, f"v{version}",
                                      "streamer")  # the note is unique across runs
            print("PREF", p["employee_id"], p["note"], flush=True)
        i += 1


def stream_async(url: str, round_id: str, n_moves: str) -> None:
    store = StateStore(url, migrate=False, pool_size=2)
    version = store.get_round(round_id)["version"]

    async def decisions():
        nonlocal version
        i = 0
        while True:
            d = await store.decide_async(round_id, f"m{i % int(n_moves) + 1}",
                                         "approve" if i % 2 else "reject", f"#{i}", version,
                                         "streamer")
            version = d["round_version"]
            print("ACK", d["decision_id"], version, flush=True)
            i += 1

    run = secrets.token_hex(4)     # the notes are unique across runs

    async def preferences():
        i = 0
        while True:
            p = await store.put_preferences_async(f"E{i % 7}", [f"U{i % 3}"], True,
                                                  f"a{run}-{i}", "streamer")
            print("PREF", p["employee_id"], p["note"], flush=True)
            i += 1
            await asyncio.sleep(0.002)   # fewer preferences than decisions, as in the service

    async def main():
        print("READY", flush=True)
        await asyncio.gather(decisions(), preferences())

    asyncio.run(main())


if __name__ == "__main__":
    {"race": race, "stream": stream, "stream_async": stream_async}[sys.argv[1]](*sys.argv[2:])
