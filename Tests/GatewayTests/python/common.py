"""Shared helpers for the gateway scripts: the client, the gateway's URL, and the JSON report."""

import json
import os
import sys
import urllib.request

import openai

BASE_URL = os.environ["GATEWAY_URL"]
API_KEY = os.environ["GATEWAY_KEY"]
MODEL = os.environ.get("GATEWAY_MODEL", "gpt-5.5")


def client(**options):
    """An official OpenAI client pointed at the gateway's /v1."""
    return openai.OpenAI(base_url=BASE_URL + "/v1", api_key=options.pop("api_key", API_KEY), timeout=60, **options)


def health():
    """The gateway's /healthz body."""
    try:
        with urllib.request.urlopen(BASE_URL + "/healthz", timeout=10) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        return json.loads(error.read())


def report(result):
    """Prints the result as the script's only line on stdout."""
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    sys.stdout.flush()
