#!/usr/bin/env python3
"""Publish an edit request straight to Kafka and wait for its result, without the HTTP gateway.

Everything it needs comes from the environment that ``connection.env`` sets, written by
``editstream infra``, ``editstream serve`` or ``editstream demo`` into their data folder:

    set -a; . editstream-data/connection.env; set +a
    python3 examples/python/publish_edit.py samples/tabletop-1.png "what if the red ball rolled off the table?"

(or pass ``--connection editstream-data/connection.env``). It

1. uploads the PNG to the bucket with boto3 (``tenants/<tenant>/requests/<id>/source.png``, like the gateway),
2. produces an ``EditRequested`` to ``gateway.edit.requested`` keyed by the request id, in Avro
   single-object encoding (``C3 01``, the schema's 8-byte CRC-64-AVRO fingerprint, the binary body),
3. reads ``scorer.edit.scored`` and every ``<stage>.edit.failed`` topic with ``isolation.level=read_committed``
   until its request's terminal event arrives, prints it, and downloads the edited image.

Needs Debian's python3-confluent-kafka, python3-avro and python3-boto3 (or the same from pip). The Avro
schemas are read from the repository's ``schemas/src/main/avro`` (``--schemas`` to point elsewhere).
Exit status: 0 scored, 1 failed, 2 timed out.
"""
import argparse
import datetime
import hashlib
import io
import json
import os
import re
import struct
import sys
import time
import uuid

import avro.io
import avro.name
import avro.schema
import boto3
from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition

REQUESTED_TOPIC = "gateway.edit.requested"
SCORED_TOPIC = "scorer.edit.scored"
STAGES = ["gateway", "reasoner", "cue-extractor", "enhancer", "diffusion-renderer", "scorer"]
FAILED_TOPICS = [stage + ".edit.failed" for stage in STAGES]
# named types first, in the order the schemas module's build imports them
COMMON = ["ReasoningType", "FusionMode", "DType", "ImageRef", "TensorRef", "EditOptions", "BenchmarkTag",
          "RequestContext", "StageInfo", "Region"]
EVENTS = ["EditRequested", "EditScored", "EditFailed"]
SETTINGS = ["KAFKA_BOOTSTRAP", "S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY", "S3_BUCKET", "S3_REGION"]

# --- Avro single-object encoding -------------------------------------------------------------------------

_EMPTY = 0xC15D213AA4D7A795  # CRC-64-AVRO, as in the Avro specification
_TABLE = []
for _i in range(256):
    _fp = _i
    for _ in range(8):
        _fp = (_fp >> 1) ^ (_EMPTY & -(_fp & 1))
    _TABLE.append(_fp)


def crc64_avro(data: bytes) -> int:
    fp = _EMPTY
    for byte in data:
        fp = (fp >> 8) ^ _TABLE[(fp ^ byte) & 0xFF]
    return fp


def parsing_canonical_form(schema) -> str:
    """The schema's Parsing Canonical Form, as Java computes it.

    python3-avro 1.11 writes a logical type's underlying primitive as {"type":"long"} where the
    specification (and Java) write "long", which changes the fingerprint; normalise it.
    """
    return re.sub(r'\{"type":"(null|boolean|int|long|float|double|bytes|string)"\}', r'"\1"', schema.canonical_form)


def fingerprint(schema) -> int:
    return crc64_avro(parsing_canonical_form(schema).encode("utf-8"))


def encode(schema, datum) -> bytes:
    body = io.BytesIO()
    avro.io.DatumWriter(schema).write(datum, avro.io.BinaryEncoder(body))
    return b"\xc3\x01" + struct.pack("<Q", fingerprint(schema)) + body.getvalue()


def decode(schemas_by_fingerprint, value: bytes):
    if len(value) < 10 or value[:2] != b"\xc3\x01":
        raise ValueError("not Avro single-object encoded")
    (fp,) = struct.unpack("<Q", value[2:10])
    schema = schemas_by_fingerprint.get(fp)
    if schema is None:
        raise ValueError("unknown schema fingerprint %016x" % fp)
    return avro.io.DatumReader(schema).read(avro.io.BinaryDecoder(io.BytesIO(value[10:])))


def load_schemas(folder):
    names = avro.name.Names()
    for name in COMMON:
        with open(os.path.join(folder, "common", name + ".avsc"), encoding="utf-8") as f:
            avro.schema.make_avsc_object(json.load(f), names)
    events = {}
    for name in EVENTS:
        with open(os.path.join(folder, name + ".avsc"), encoding="utf-8") as f:
            events[name] = avro.schema.make_avsc_object(json.load(f), names)
    return events


# --- helpers -----------------------------------------------------------------------------------------------

def read_connection_file(path):
    values = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#") or "=" not in line:
                continue
            key, value = line.split("=", 1)
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            values[key.strip()] = value
    return values


def png_size(data: bytes):
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise SystemExit("only PNG images are supported by this example")
    return struct.unpack(">II", data[16:24])


def end_offsets(consumer, topics):
    """The current end of every partition: only events written after this point can be our request's."""
    positions = []
    metadata = consumer.list_topics(timeout=10)
    for topic in topics:
        if topic not in metadata.topics:
            continue
        for partition in metadata.topics[topic].partitions:
            _, high = consumer.get_watermark_offsets(TopicPartition(topic, partition), timeout=10)
            positions.append(TopicPartition(topic, partition, high))
    return positions


# --- the example -------------------------------------------------------------------------------------------

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("image", help="PNG image to edit")
    parser.add_argument("instruction", help='what to do, e.g. "what if the red ball rolled off the table?"')
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--tenant", default="default")
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait for the result")
    parser.add_argument("--out", default="edited.png", help="where to save the edited image")
    parser.add_argument("--connection", help="a connection.env to read instead of the environment")
    parser.add_argument("--schemas", default=os.path.join(here, "..", "..", "schemas", "src", "main", "avro"))
    args = parser.parse_args()

    env = read_connection_file(args.connection) if args.connection else os.environ
    missing = [key for key in SETTINGS[:-1] if not env.get(key)]
    if missing:
        raise SystemExit("missing %s: source connection.env (set -a; . editstream-data/connection.env; set +a)"
                         " or pass --connection" % ", ".join(missing))
    bucket = env["S3_BUCKET"]
    schemas = load_schemas(args.schemas)
    by_fingerprint = {fingerprint(s): s for s in schemas.values()}

    # 1. the source image, where the gateway would put it
    request_id = str(uuid.uuid4())
    with open(args.image, "rb") as f:
        image = f.read()
    width, height = png_size(image)
    # under the tenant's prefix: the stages refuse a request whose image lies outside it
    key = "tenants/%s/requests/%s/source.png" % (args.tenant, request_id)
    s3 = boto3.client("s3", endpoint_url=env["S3_ENDPOINT"], aws_access_key_id=env["S3_ACCESS_KEY"],
                      aws_secret_access_key=env["S3_SECRET_KEY"], region_name=env.get("S3_REGION") or "us-east-1")
    s3.put_object(Bucket=bucket, Key=key, Body=image, ContentType="image/png")

    # 2. listen from the current end of the result topics, then publish the request
    consumer = Consumer({"bootstrap.servers": env["KAFKA_BOOTSTRAP"], "group.id": "python-example-" + request_id,
                         "isolation.level": "read_committed", "enable.auto.commit": False,
                         "auto.offset.reset": "earliest"})
    consumer.assign(end_offsets(consumer, [SCORED_TOPIC] + FAILED_TOPICS))

    now = datetime.datetime.now(tz=datetime.timezone.utc)
    request = {
        "eventId": str(uuid.uuid4()),
        "requestId": request_id,
        "tenant": args.tenant,
        "occurredAt": now,
        "context": {
            "source": {"uri": "s3://%s/%s" % (bucket, key), "sha256": hashlib.sha256(image).hexdigest(),
                       "sizeBytes": len(image), "contentType": "image/png", "width": width, "height": height},
            "instruction": args.instruction,
            "options": {"steps": args.steps, "textGuidance": None, "imageGuidance": None, "seed": args.seed,
                        "noChangeInstruction": None},
            "reference": None,
            "submittedAt": now,
            "benchmark": None,
        },
    }
    # murmur2_random is the Java client's partitioner: librdkafka's default (CRC32) would put the request on
    # another partition than the stages put its later events, and the co-partitioned status view and joins
    # would never see them together.
    producer = Producer({"bootstrap.servers": env["KAFKA_BOOTSTRAP"], "acks": "all", "enable.idempotence": True,
                         "partitioner": "murmur2_random"})
    errors = []
    producer.produce(REQUESTED_TOPIC, key=request_id.encode("utf-8"), value=encode(schemas["EditRequested"], request),
                     on_delivery=lambda err, msg: errors.append(err) if err else None)
    producer.flush(30)
    if errors:
        raise SystemExit("publishing failed: %s" % errors[0])
    print("published %s to %s" % (request_id, REQUESTED_TOPIC), flush=True)

    # 3. the request's one terminal event
    deadline = time.monotonic() + args.timeout
    try:
        while time.monotonic() < deadline:
            msg = consumer.poll(1.0)
            if msg is None:
                continue
            if msg.error():
                raise KafkaException(msg.error())
            if msg.key() != request_id.encode("utf-8"):
                continue
            event = decode(by_fingerprint, msg.value())
            if msg.topic() == SCORED_TOPIC:
                print("SCORED %s" % request_id)
                print("  reasoning: %s -> \"%s\"" % (event["reasoningType"], event["explicitInstruction"]))
                print("  scores:    " + " ".join("%s=%.4f" % kv for kv in sorted(event["scores"].items())))
                print("  baseline:  " + " ".join("%s=%.4f" % kv for kv in sorted(event["copyBaseline"].items())))
                out_bucket, out_key = event["output"]["uri"][len("s3://"):].split("/", 1)
                s3.download_file(out_bucket, out_key, args.out)
                print("  output:    %s saved to %s" % (event["output"]["uri"], args.out))
                return 0
            print("FAILED %s at %s: %s" % (request_id, event["stage"], event["reason"]))
            return 1
    finally:
        consumer.close()
    print("no result for %s within %.0f s" % (request_id, args.timeout))
    return 2


if __name__ == "__main__":
    sys.exit(main())
