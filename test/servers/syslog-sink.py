#!/usr/bin/env python3
"""syslog-sink.py SOCKET LOGFILE PIDFILE

Cyrus logs only through syslog(3), i.e. datagrams to /dev/log. Containers and CI machines often
run no syslog daemon, which leaves Cyrus's errors invisible. This binds SOCKET (a unix datagram
socket), returns once it is bound, and appends every datagram to LOGFILE from a daemon whose PID
goes to PIDFILE. SIGTERM removes the socket.
"""
import os
import signal
import socket
import sys
import time

sock_path, log_path, pid_path = sys.argv[1:4]
if os.path.exists(sock_path):
    sys.exit(f"{sock_path} already exists; leaving it alone")
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(sock_path)
os.chmod(sock_path, 0o666)
if os.fork():
    os._exit(0)  # the caller continues once the socket is bound
os.setsid()
null = os.open(os.devnull, os.O_RDWR)
for fd in (0, 1, 2):
    os.dup2(null, fd)
with open(pid_path, "w") as f:
    f.write(str(os.getpid()))


def stop(*_):
    try:
        os.unlink(sock_path)
    finally:
        os._exit(0)


signal.signal(signal.SIGTERM, stop)
out = open(log_path, "ab", buffering=0)
while True:
    data = sock.recv(65536)
    out.write(time.strftime("%H:%M:%S ").encode() + data.rstrip(b"\0\n") + b"\n")
