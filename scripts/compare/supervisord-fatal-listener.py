"""A supervisord event listener that stops supervisord when a program enters FATAL.

The common recipe for making supervisord exit when a program cannot stay up (supervisord itself
keeps running with a FATAL program). Subscribe it to PROCESS_STATE_FATAL.
"""
import os
import signal
import sys


def send(text):
    sys.stdout.write(text)
    sys.stdout.flush()


while True:
    send("READY\n")
    header = dict(token.split(":", 1) for token in sys.stdin.readline().split())
    sys.stdin.read(int(header.get("len", "0")))
    if header.get("eventname") == "PROCESS_STATE_FATAL":
        os.kill(os.getppid(), signal.SIGTERM)
    send("RESULT 2\nOK")
