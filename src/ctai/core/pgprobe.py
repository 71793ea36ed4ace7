"""Exit 0 when the PostgreSQL server of a DATABASE_URL answers, 1 otherwise (used by make test)."""

import sys

import dj_database_url
import psycopg


def reachable(url: str) -> bool:
    config = dj_database_url.parse(url)
    try:
        with psycopg.connect(
            host=config["HOST"] or None,
            port=config["PORT"] or None,
            user=config["USER"] or None,
            password=config["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=3,
        ):
            return True
    except psycopg.Error:
        return False


if __name__ == "__main__":
    sys.exit(0 if reachable(sys.argv[1]) else 1)
