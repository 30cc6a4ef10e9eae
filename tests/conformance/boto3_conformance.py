#!/usr/bin/python3
"""The project's conformance checks: the local Network Flow Monitor emulator, driven by boto3.

boto3/botocore are Debian's (python3-boto3, run with /usr/bin/python3); they know nothing of Network
Flow Monitor and load the repository's copy of the official model through AWS_DATA_PATH (botocore's
layout: <AWS_DATA_PATH>/networkflowmonitor/2023-04-19/service-2.json). So every request is built and
signed, and every answer parsed, by code and a model this project did not write.

    AWS_DATA_PATH=models /usr/bin/python3 tests/conformance/boto3_conformance.py \
        --endpoint http://127.0.0.1:PORT [--verify-signatures] [--wait 20]

The endpoint must be empty (no monitors, no scope). Credentials come from AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY (default: conformance / conformance). --verify-signatures says the endpoint checks
signatures with exactly those credentials, so a wrong secret must be refused.

Beyond what each section asserts, every response body is held to its output or error shape in the model
(unknown or missing members, types, enums, lengths, patterns), which botocore's lenient parser would not do.

Each section runs on even when an earlier one failed; each check prints `ok` or `FAIL`, and the last
line is `conformance: N passed, M failed`. The exit status is 0 only when nothing failed.
"""
import argparse
import datetime
import json
import os
import re
import sys
import time
import traceback
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
os.environ.setdefault("AWS_DATA_PATH", os.path.join(HERE, "..", "..", "models"))

import boto3  # noqa: E402
import botocore.session  # noqa: E402
from botocore import UNSIGNED  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

SERVICE = "networkflowmonitor"
ERROR_STATUS = {
    "ValidationException": 400,
    "ServiceQuotaExceededException": 402,
    "AccessDeniedException": 403,
    "ResourceNotFoundException": 404,
    "ConflictException": 409,
}


class Failed(Exception):
    """A check that did not hold; ends its section."""


def shape_problems(value, shape, where):
    """Where a JSON value departs from a model shape: unknown or missing members, wrong types, enums, bounds."""
    kind, meta = shape.type_name, shape.metadata
    if kind == "structure":
        if not isinstance(value, dict):
            return [f"{where}: {shape.name} must be an object"]
        body = {k: m for k, m in shape.members.items() if "location" not in m.serialization}
        found = [f"{where}.{k}: not a member of {shape.name}" for k in value if k not in body]
        found += [f"{where}.{k}: required by {shape.name}, missing" for k in shape.required_members if k in body and k not in value]
        for k, v in value.items():
            if k in body:
                found += shape_problems(v, body[k], f"{where}.{k}")
        return found
    if kind == "list":
        if not isinstance(value, list):
            return [f"{where}: {shape.name} must be a list"]
        return [p for i, v in enumerate(value) for p in shape_problems(v, shape.member, f"{where}[{i}]")]
    if kind == "map":
        if not isinstance(value, dict):
            return [f"{where}: {shape.name} must be an object"]
        return [p for k, v in value.items() for p in shape_problems(k, shape.key, f"{where} key") + shape_problems(v, shape.value, f"{where}[{k!r}]")]
    if kind == "string":
        if not isinstance(value, str):
            return [f"{where}: {shape.name} must be a string, got {value!r}"]
        if shape.enum and value not in shape.enum:
            return [f"{where}: {value!r} is not one of {shape.name}'s values"]
        if len(value) < meta.get("min", 0) or len(value) > meta.get("max", len(value)):
            return [f"{where}: {value!r} is outside {shape.name}'s length bounds"]
        if "pattern" in meta and not re.fullmatch(meta["pattern"], value):
            return [f"{where}: {value!r} does not match {shape.name}'s pattern {meta['pattern']}"]
        return []
    if kind in ("integer", "long"):
        ok = isinstance(value, int) and not isinstance(value, bool) and meta.get("min", value) <= value <= meta.get("max", value)
        return [] if ok else [f"{where}: {value!r} is not a {shape.name} in bounds"]
    if kind == "timestamp":  # rest-json without timestampFormat: epoch seconds
        return [] if isinstance(value, (int, float)) and not isinstance(value, bool) else [f"{where}: {value!r} is not epoch seconds"]
    if kind == "boolean":
        return [] if isinstance(value, bool) else [f"{where}: {value!r} is not a boolean"]
    if kind in ("double", "float"):
        return [] if isinstance(value, (int, float)) and not isinstance(value, bool) else [f"{where}: {value!r} is not a number"]
    return []


class ShapeWatch:
    """Holds every response body botocore receives to the model: botocore's own parser drops what it does
    not know and does not insist on required members, so it would not notice."""

    def __init__(self):
        self.checked = 0
        self.problems = []

    def attach(self, client):
        client.meta.events.register(f"after-call.{SERVICE}", self.on_response)

    def on_response(self, http_response, parsed, model, **_):
        raw = http_response.content or b"{}"
        try:
            body = json.loads(raw)
        except ValueError:
            self.problems.append(f"{model.name}: the body is not JSON: {raw[:80]!r}")
            return
        if http_response.status_code == 200:
            shape, label = model.output_shape, f"{model.name} output"
        else:
            code = parsed.get("Error", {}).get("Code", "")
            label = f"{model.name} {code}"
            if code not in {e.name for e in model.error_shapes}:
                self.problems.append(f"{label}: not an error {model.name} models")
                return
            shape = model.service_model.shape_for(code)
        self.checked += 1
        if shape is None:
            if body != {}:
                self.problems.append(f"{label}: the model has no output, the body is {body!r}")
            return
        self.problems += shape_problems(body, shape, label)


class Run:
    def __init__(self, args):
        self.args = args
        self.passed = 0
        self.failed = 0
        self.region = args.region
        self.account = args.account
        self.key = os.environ.get("AWS_ACCESS_KEY_ID", "conformance")
        self.secret = os.environ.get("AWS_SECRET_ACCESS_KEY", "conformance")
        self.shapes = ShapeWatch()
        self.nfm = self.client()
        self.scope_arn = None
        self.scope_id = None

    def client(self, secret=None, key=None, region=None, config=None):
        client = boto3.session.Session().client(
            SERVICE,
            endpoint_url=self.args.endpoint,  # botocore 1.29 ignores AWS_ENDPOINT_URL*
            region_name=region or self.region,
            aws_access_key_id=key or self.key,
            aws_secret_access_key=secret or self.secret,
            config=config or Config(retries={"mode": "standard", "max_attempts": 3}),
        )
        self.shapes.attach(client)
        return client

    # ---- checks ----------------------------------------------------------------------------

    def check(self, cond, what, detail=""):
        if not cond:
            self.failed += 1
            print(f"FAIL {what}{': ' + str(detail) if detail else ''}")
            raise Failed(what)
        self.passed += 1
        print(f"ok   {what}")

    def equal(self, got, want, what):
        self.check(got == want, what, f"got {got!r}, want {want!r}")

    def succeeded(self, out, what):
        """A 2xx answer with a request id, as AWS sends on every response."""
        meta = out["ResponseMetadata"]
        headers = meta["HTTPHeaders"]
        self.check(meta["HTTPStatusCode"] == 200 and meta.get("RequestId") and headers.get("x-amzn-requestid") == meta["RequestId"],
                   f"{what}: 200 with x-amzn-requestid", meta)
        return out

    def error(self, code, what, call, client=None):
        """The call fails with the modelled error `code`: its status, x-amzn-errortype, message and class."""
        client = client or self.nfm
        try:
            call()
        except ClientError as e:
            meta = e.response["ResponseMetadata"]
            header = meta["HTTPHeaders"].get("x-amzn-errortype", "")
            got = (e.response["Error"]["Code"], meta["HTTPStatusCode"], header.split(":")[0])
            self.equal(got, (code, ERROR_STATUS[code], code), f"{what}: {code} ({ERROR_STATUS[code]}, x-amzn-errortype)")
            self.check(isinstance(e, getattr(client.exceptions, code)) and e.response["Error"].get("Message"),
                       f"{what}: raised as the modelled {code} with a message", e.response["Error"])
            return e
        self.check(False, f"{what}: {code}", "the call succeeded")

    def wait(self, read, want, what):
        deadline = time.monotonic() + self.args.wait
        seen = read()
        while seen != want and time.monotonic() < deadline:
            time.sleep(0.1)
            seen = read()
        self.equal(seen, want, f"{what} reaches {want}")

    def gone(self, read, what):
        """`read` ends in ResourceNotFoundException within --wait."""
        deadline = time.monotonic() + self.args.wait
        while True:
            try:
                read()
            except ClientError as e:
                self.equal(e.response["Error"]["Code"], "ResourceNotFoundException", f"{what} is gone")
                return
            if time.monotonic() > deadline:
                self.check(False, f"{what} is gone", f"still there after {self.args.wait} s")
            time.sleep(0.1)

    # ---- fixtures --------------------------------------------------------------------------

    def arn(self, kind, rid, region=None):
        return f"arn:aws:ec2:{region or self.region}:{self.account}:{kind}/{rid}"

    @property
    def vpc(self):
        return {"type": "AWS::EC2::VPC", "identifier": self.arn("vpc", "vpc-0a1b2c3d4e5f60718")}

    @property
    def subnet(self):
        return {"type": "AWS::EC2::Subnet", "identifier": self.arn("subnet", "subnet-0a1b2c3d4e5f60718")}

    def target(self, region=None):
        return {"targetIdentifier": {"targetId": {"accountId": self.account}, "targetType": "ACCOUNT"}, "region": region or self.region}

    def monitor_arn(self, name):
        return f"arn:aws:networkflowmonitor:{self.region}:{self.account}:monitor/{name}"

    def monitor_names(self, **kw):
        pages = self.nfm.get_paginator("list_monitors").paginate(**kw)
        return [m["monitorName"] for page in pages for m in page["monitors"]]

    def new_monitor(self, name, **kw):
        kw.setdefault("localResources", [self.vpc])
        return self.nfm.create_monitor(monitorName=name, scopeArn=self.scope_arn, **kw)

    def active(self, name):
        self.wait(lambda: self.nfm.get_monitor(monitorName=name)["monitorStatus"], "ACTIVE", f"monitor {name}")

    # ---- sections --------------------------------------------------------------------------

    def model_loaded(self):
        model = self.nfm.meta.service_model
        self.equal((model.api_version, model.signing_name, model.protocol), ("2023-04-19", SERVICE, "rest-json"),
                   "the client speaks the Network Flow Monitor 2023-04-19 REST-JSON model")
        loader = botocore.session.get_session().get_component("data_loader")
        _, loaded = loader.load_data_with_path(f"{SERVICE}/{model.api_version}/service-2")
        data_path = os.path.realpath(os.environ["AWS_DATA_PATH"])
        self.check(os.path.realpath(loaded).startswith(data_path + os.sep), f"botocore loads that model from AWS_DATA_PATH ({data_path})", loaded)

    def scope_create(self):
        token = str(uuid.uuid4())
        request = {"targets": [self.target()], "tags": {"owner": "conformance"}, "clientToken": token}
        out = self.succeeded(self.nfm.create_scope(**request), "create_scope")
        self.check({"scopeId", "status", "scopeArn"} <= set(out), "create_scope returns scopeId, status and scopeArn", out)
        self.scope_id, self.scope_arn = out["scopeId"], out["scopeArn"]
        self.equal(out["scopeArn"], f"arn:aws:networkflowmonitor:{self.region}:{self.account}:scope/{out['scopeId']}", "the scope ARN names the Region, account and id")
        self.check(out["status"] in ("IN_PROGRESS", "SUCCEEDED"), "a new scope is IN_PROGRESS or SUCCEEDED", out["status"])
        again = self.nfm.create_scope(**request)
        self.equal(again["scopeId"], self.scope_id, "create_scope with the same clientToken answers the same scope (no quota error)")
        self.error("ServiceQuotaExceededException", "a second scope (quota 1 per Region)", lambda: self.nfm.create_scope(targets=[self.target()]))
        self.error("ConflictException", "the same clientToken with a different create_scope request",
                   lambda: self.nfm.create_scope(**{**request, "tags": {"owner": "someone-else"}}))
        self.wait(lambda: self.nfm.get_scope(scopeId=self.scope_id)["status"], "SUCCEEDED", "the scope")
        got = self.succeeded(self.nfm.get_scope(scopeId=self.scope_id), "get_scope")
        self.equal((got["scopeId"], got["scopeArn"], got["targets"], got.get("tags")),
                   (self.scope_id, self.scope_arn, [self.target()], {"owner": "conformance"}), "get_scope returns the id, ARN, targets and tags")
        listed = self.nfm.list_scopes()
        self.equal([(s["scopeId"], s["scopeArn"], s["status"]) for s in listed["scopes"]], [(self.scope_id, self.scope_arn, "SUCCEEDED")], "list_scopes lists the one scope")
        self.check("nextToken" not in listed, "list_scopes has no nextToken after the last page", listed)

    def monitor_lifecycle(self):
        name = "conformance-lifecycle"
        s3 = {"type": "AWS::AWSService", "identifier": "S3"}
        out = self.succeeded(self.new_monitor(name, remoteResources=[s3], tags={"team": "net"}), "create_monitor")
        required = {"monitorArn", "monitorName", "monitorStatus", "localResources", "remoteResources", "createdAt", "modifiedAt"}
        self.check(required <= set(out), "create_monitor returns every required member", sorted(required - set(out)))
        self.equal((out["monitorName"], out["monitorArn"]), (name, self.monitor_arn(name)), "create_monitor echoes the name and a monitor ARN")
        self.check(out["monitorStatus"] in ("PENDING", "ACTIVE"), "a new monitor is PENDING or ACTIVE", out["monitorStatus"])
        created = out["createdAt"]
        self.check(isinstance(created, datetime.datetime) and created.tzinfo is not None and out["modifiedAt"] == created,
                   "createdAt and modifiedAt parse as the same aware timestamp", (created, out["modifiedAt"]))
        self.check(abs((datetime.datetime.now(datetime.timezone.utc) - created).total_seconds()) < 600, "createdAt is now", created)
        self.active(name)
        got = self.succeeded(self.nfm.get_monitor(monitorName=name), "get_monitor")
        self.equal((got["localResources"], got["remoteResources"], got.get("tags"), got["createdAt"]),
                   ([self.vpc], [s3], {"team": "net"}, created), "get_monitor returns the resources, tags and createdAt")
        self.check("scopeArn" not in got, "get_monitor has no scopeArn (the model has none)")
        self.check(name in self.monitor_names(), "list_monitors lists the monitor")

        dynamo = {"type": "AWS::AWSService", "identifier": "DynamoDB"}
        upd = self.succeeded(self.nfm.update_monitor(monitorName=name, localResourcesToAdd=[self.subnet], remoteResourcesToAdd=[dynamo], remoteResourcesToRemove=[s3]), "update_monitor")
        self.equal((sorted(r["identifier"] for r in upd["localResources"]), upd["remoteResources"]),
                   (sorted([self.vpc["identifier"], self.subnet["identifier"]]), [dynamo]), "update_monitor answers the resources after adding and removing")
        self.check(upd["modifiedAt"] >= created and upd["createdAt"] == created, "update_monitor keeps createdAt and moves modifiedAt", upd)
        self.active(name)
        self.nfm.update_monitor(monitorName=name, localResourcesToRemove=[self.vpc])
        self.active(name)
        self.equal(self.nfm.get_monitor(monitorName=name)["localResources"], [self.subnet], "update_monitor removed a local resource")
        self.error("ValidationException", "update_monitor removing the last local resource",
                   lambda: self.nfm.update_monitor(monitorName=name, localResourcesToRemove=[self.subnet]))

        arn = out["monitorArn"]
        self.succeeded(self.nfm.tag_resource(resourceArn=arn, tags={"env": "test", "team": "platform"}), "tag_resource")
        self.equal(self.nfm.list_tags_for_resource(resourceArn=arn).get("tags"), {"team": "platform", "env": "test"}, "tag_resource adds and overwrites tags")
        self.succeeded(self.nfm.untag_resource(resourceArn=arn, tagKeys=["team", "absent"]), "untag_resource")
        self.equal(self.nfm.list_tags_for_resource(resourceArn=arn).get("tags"), {"env": "test"}, "untag_resource removes the keys (absent ones are ignored)")
        self.equal(self.nfm.get_monitor(monitorName=name).get("tags"), {"env": "test"}, "get_monitor shows the tags")
        self.error("ValidationException", "a tag key starting with aws:", lambda: self.nfm.tag_resource(resourceArn=arn, tags={"aws:owner": "x"}))

        self.succeeded(self.nfm.delete_monitor(monitorName=name), "delete_monitor")
        self.gone(lambda: self.nfm.get_monitor(monitorName=name), "the deleted monitor")
        self.error("ResourceNotFoundException", "delete_monitor of a deleted monitor", lambda: self.nfm.delete_monitor(monitorName=name))
        self.check(name not in self.monitor_names(), "list_monitors no longer lists it")

    def idempotent_create(self):
        name = "conformance-idempotent"
        token = str(uuid.uuid4())
        first = self.new_monitor(name, clientToken=token, tags={"try": "1"})
        second = self.new_monitor(name, clientToken=token, tags={"try": "1"})
        pick = ("monitorArn", "monitorName", "createdAt", "localResources")
        self.equal([second[k] for k in pick], [first[k] for k in pick], "create_monitor retried with its clientToken answers the first result")
        self.equal(self.monitor_names(), [name], "the retry created nothing more")
        self.error("ConflictException", "the same clientToken with a different create_monitor request",
                   lambda: self.new_monitor(name, clientToken=token, tags={"try": "2"}))
        self.error("ConflictException", "a new clientToken for a name already taken", lambda: self.new_monitor(name, clientToken=str(uuid.uuid4())))
        self.error("ConflictException", "a name already taken, with botocore's generated clientToken", lambda: self.new_monitor(name))
        self.active(name)
        self.nfm.delete_monitor(monitorName=name)
        self.gone(lambda: self.nfm.get_monitor(monitorName=name), "the idempotent monitor")

    def modelled_errors(self):
        missing_arn = self.monitor_arn("conformance-missing")
        self.error("ResourceNotFoundException", "get_monitor of an unknown name", lambda: self.nfm.get_monitor(monitorName="conformance-missing"))
        self.error("ResourceNotFoundException", "update_monitor of an unknown name",
                   lambda: self.nfm.update_monitor(monitorName="conformance-missing", localResourcesToAdd=[self.subnet]))
        self.error("ResourceNotFoundException", "get_scope of an unknown id", lambda: self.nfm.get_scope(scopeId=str(uuid.uuid4())))
        self.error("ResourceNotFoundException", "delete_scope of an unknown id", lambda: self.nfm.delete_scope(scopeId=str(uuid.uuid4())))
        self.error("ResourceNotFoundException", "list_tags_for_resource of an unknown ARN", lambda: self.nfm.list_tags_for_resource(resourceArn=missing_arn))
        self.error("ResourceNotFoundException", "tag_resource of an unknown ARN", lambda: self.nfm.tag_resource(resourceArn=missing_arn, tags={"a": "b"}))
        self.error("ValidationException", "a monitor name outside [a-zA-Z0-9_.-]", lambda: self.new_monitor("bad name!"))
        self.error("ValidationException", "a monitor name of 256 characters (the model allows 255)", lambda: self.new_monitor("m" * 256))
        self.error("ValidationException", "a clientToken that is not a lowercase UUID", lambda: self.new_monitor("conformance-token", clientToken="T" * 40))
        self.error("ValidationException", "a tag value of 257 characters", lambda: self.new_monitor("conformance-tags", tags={"k": "v" * 257}))
        self.error("ValidationException", "201 tags in one tag_resource (the model allows 200)",
                   lambda: self.nfm.tag_resource(resourceArn=self.scope_arn, tags={f"k{i}": "v" for i in range(201)}))
        self.error("ValidationException", "a VPC in another Region", lambda: self.new_monitor(
            "conformance-elsewhere", localResources=[{"type": "AWS::EC2::VPC", "identifier": self.arn("vpc", "vpc-0a1b2c3d4e5f60718", "eu-west-1")}]))
        self.error("ValidationException", "a scopeArn that names no scope", lambda: self.nfm.create_monitor(
            monitorName="conformance-noscope", localResources=[self.vpc], scopeArn=self.scope_arn.rsplit("/", 1)[0] + "/" + str(uuid.uuid4())))
        self.error("ValidationException", "list_monitors with maxResults above the model's 25 (botocore checks only the minimum)",
                   lambda: self.nfm.list_monitors(maxResults=26))
        self.error("ValidationException", "list_monitors with a nextToken the service never gave", lambda: self.nfm.list_monitors(nextToken="not-a-token"))
        self.equal(self.monitor_names(), [], "no failed create left a monitor")

    def pagination_and_quota(self):
        names = [f"conformance-page-{i:02d}" for i in range(20)]
        for n in names:
            self.nfm.create_monitor(monitorName=n, localResources=[self.vpc], scopeArn=self.scope_arn)
        self.check(True, "20 monitors created (the quota)")
        self.error("ServiceQuotaExceededException", "a 21st monitor", lambda: self.new_monitor("conformance-page-20"))

        pages, token = [], None
        while True:
            page = self.nfm.list_monitors(maxResults=3, **({"nextToken": token} if token else {}))
            pages.append([m["monitorName"] for m in page["monitors"]])
            token = page.get("nextToken")
            if not token or len(pages) > 20:
                break
        self.equal([len(p) for p in pages], [3] * 6 + [2], "list_monitors(maxResults=3) pages: full pages, then the rest without a nextToken")
        flat = [n for p in pages for n in p]
        self.equal(sorted(flat), names, "following nextToken lists every monitor exactly once")
        paged = list(self.nfm.get_paginator("list_monitors").paginate(PaginationConfig={"PageSize": 7}))
        self.equal([len(p["monitors"]) for p in paged], [7, 7, 6], "boto3's paginator walks pages of PageSize")
        first = self.nfm.get_paginator("list_monitors").paginate(PaginationConfig={"MaxItems": 5, "PageSize": 2}).build_full_result()
        self.check(len(first["monitors"]) == 5 and first.get("NextToken"), "MaxItems stops early with a resume token", first)
        rest = self.nfm.get_paginator("list_monitors").paginate(PaginationConfig={"StartingToken": first["NextToken"], "PageSize": 4}).build_full_result()
        self.equal(sorted(m["monitorName"] for m in first["monitors"] + rest["monitors"]), names, "resuming from the token lists the rest")
        self.equal(len(self.nfm.list_monitors()["monitors"]), 20, "list_monitors without maxResults answers up to 25 in one page")

        self.wait(lambda: len(self.monitor_names(monitorStatus="ACTIVE")), 20, "list_monitors(monitorStatus=ACTIVE)")
        self.equal(self.monitor_names(monitorStatus="DELETING"), [], "list_monitors(monitorStatus=DELETING) is empty")
        one = self.nfm.list_scopes(maxResults=1)
        self.check(len(one["scopes"]) == 1 and "nextToken" not in one, "list_scopes(maxResults=1) answers the one scope, no nextToken", one)

        self.error("ConflictException", "delete_scope while monitors use it", lambda: self.nfm.delete_scope(scopeId=self.scope_id))
        for n in names:
            self.nfm.delete_monitor(monitorName=n)
        self.wait(lambda: len(self.monitor_names()), 0, "the monitor count after deleting them all")

    def scope_update_delete(self):
        other = "us-west-2" if self.region != "us-west-2" else "us-east-1"
        out = self.succeeded(self.nfm.update_scope(scopeId=self.scope_id, resourcesToAdd=[self.target(other)]), "update_scope")
        self.equal((out["scopeId"], out["scopeArn"]), (self.scope_id, self.scope_arn), "update_scope answers the scope's id and ARN")
        self.wait(lambda: self.nfm.get_scope(scopeId=self.scope_id)["status"], "SUCCEEDED", "the updated scope")
        regions = sorted(t["region"] for t in self.nfm.get_scope(scopeId=self.scope_id)["targets"])
        self.equal(regions, sorted([self.region, other]), "update_scope added a target")
        self.nfm.update_scope(scopeId=self.scope_id, resourcesToDelete=[self.target(other)])
        self.wait(lambda: self.nfm.get_scope(scopeId=self.scope_id)["status"], "SUCCEEDED", "the scope after removing a target")
        self.equal(self.nfm.get_scope(scopeId=self.scope_id)["targets"], [self.target()], "update_scope removed the target")
        odd = "cost center/+=:@_.-é"  # every character class AWS allows in a tag key, through the query string
        self.nfm.tag_resource(resourceArn=self.scope_arn, tags={"env": "test", odd: "valeur é +="})
        self.equal(self.nfm.list_tags_for_resource(resourceArn=self.scope_arn).get("tags"), {"owner": "conformance", "env": "test", odd: "valeur é +="},
                   "a scope is tagged by ARN, with spaces, symbols and non-ASCII kept")
        self.nfm.untag_resource(resourceArn=self.scope_arn, tagKeys=["owner", odd])
        self.equal(self.nfm.list_tags_for_resource(resourceArn=self.scope_arn).get("tags"), {"env": "test"}, "untag_resource takes such keys in tagKeys")
        self.succeeded(self.nfm.delete_scope(scopeId=self.scope_id), "delete_scope")
        self.gone(lambda: self.nfm.get_scope(scopeId=self.scope_id), "the deleted scope")
        self.equal(self.nfm.list_scopes()["scopes"], [], "list_scopes is empty")

    def signatures(self):
        self.succeeded(self.nfm.list_monitors(), "a request signed with the right credentials")
        unsigned = self.client(config=Config(signature_version=UNSIGNED, retries={"max_attempts": 1}))
        self.error("AccessDeniedException", "an unsigned request", lambda: unsigned.list_monitors(), unsigned)
        elsewhere = self.client(region="eu-west-1")
        self.error("AccessDeniedException", "a request signed for another Region", lambda: elsewhere.list_monitors(), elsewhere)
        if not self.args.verify_signatures:
            print("skip wrong-secret checks: the endpoint was not started with credentials to verify (--verify-signatures)")
            return
        wrong = self.client(secret=self.secret + "-wrong")
        self.error("AccessDeniedException", "a request signed with a wrong secret", lambda: wrong.list_monitors(), wrong)
        self.error("AccessDeniedException", "a write signed with a wrong secret", lambda: wrong.create_scope(targets=[self.target()]), wrong)
        stranger = self.client(key="AKIDUNKNOWN0000000000")
        self.error("AccessDeniedException", "a request signed with an unknown access key", lambda: stranger.list_scopes(), stranger)
        self.equal(self.nfm.list_scopes()["scopes"], [], "refused requests changed nothing")


    def response_shapes(self):
        self.check(self.shapes.checked >= 100, f"the run's responses were held to the model ({self.shapes.checked})")
        self.check(not self.shapes.problems, "every response body matches its operation's output or error shape", "; ".join(self.shapes.problems[:10]))


SECTIONS = ["model_loaded", "scope_create", "monitor_lifecycle", "idempotent_create", "modelled_errors", "pagination_and_quota", "scope_update_delete", "signatures", "response_shapes"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--region", default="us-east-1")
    ap.add_argument("--account", default="123456789012")
    ap.add_argument("--wait", type=float, default=20.0, help="seconds to wait for a status change")
    ap.add_argument("--verify-signatures", action="store_true", help="the endpoint verifies SigV4 with these credentials")
    args = ap.parse_args()
    if SERVICE not in botocore.session.get_session().get_available_services():
        print(f"FAIL botocore finds no {SERVICE} model under AWS_DATA_PATH={os.environ['AWS_DATA_PATH']}")
        print("conformance: 0 passed, 1 failed")
        return 1
    run = Run(args)
    for name in SECTIONS:
        print(f"-- {name}")
        try:
            getattr(run, name)()
        except Failed:
            pass
        except Exception as e:  # an unexpected error ends the section, not the run
            run.failed += 1
            print(f"FAIL {name}: unexpected {type(e).__name__}: {e}")
            traceback.print_exc(limit=3, file=sys.stdout)
    print(f"conformance: {run.passed} passed, {run.failed} failed")
    return 1 if run.failed else 0


if __name__ == "__main__":
    sys.exit(main())
