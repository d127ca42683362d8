"""wait_http.py URL SECONDS: exit 0 as soon as URL answers, 1 after SECONDS."""
import sys
import time
import urllib.request

url, limit = sys.argv[1], int(sys.argv[2])
deadline = time.time() + limit
while time.time() < deadline:
    try:
        urllib.request.urlopen(url, timeout=10)
        sys.exit(0)
    except Exception:
        time.sleep(1)
sys.exit(1)
