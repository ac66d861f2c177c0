"""A Flask app as users write one, for the benchmarks: `GET /items` answers a
JSON list through `jsonify`, the same code under gwsh's bridge and under Werkzeug's client."""

from flask import Flask, jsonify, request

app = Flask(__name__)

ITEMS = [
    {"id": number, "name": f"item {number}", "price": round(number * 1.25, 2), "tags": ["shop", "bench"]}
    for number in range(1, 11)
]


@app.get("/items")
def items():
    limit = request.args.get("limit", type=int) or len(ITEMS)
    return jsonify(count=min(limit, len(ITEMS)), items=ITEMS[:limit])
