"""Publishes the file assets of a CDK app to the emulator, as `cdk deploy` publishes them to the
bootstrap bucket before it creates the stacks.

Shipped inside iacgrade (crates/run) and run by its deploy stage, in the sandbox, as
`python publish_cdk_assets.py CDK_OUT`, with AWS_ENDPOINT_URL pointing at the emulator. For
every `*.assets.json` manifest of CDK_OUT it uploads each file asset (a folder zipped, a file
as it is) to the bucket and key its destinations name, creating the bucket. Container image
assets are not built (there is no Docker in the sandbox); they are counted and named.

Prints one line per asset and a summary line:
    iacgrade assets: N file asset(s) published, M container image asset(s) not built
Exits 1 with the first error when an asset cannot be published.
"""

import glob
import io
import json
import os
import sys
import zipfile


def zipped(folder):
    """The folder as a zip archive, entries in a stable order, as cdk-assets packs them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(root, name)
                archive.write(path, os.path.relpath(path, folder))
    return buffer.getvalue()


def main():
    if len(sys.argv) != 2:
        print("usage: publish_cdk_assets.py CDK_OUT", file=sys.stderr)
        return 2
    out = sys.argv[1]
    import boto3

    region = os.environ.get("AWS_DEFAULT_REGION", "us-east-1")
    s3 = boto3.client("s3", region_name=region)
    account = boto3.client("sts", region_name=region).get_caller_identity()["Account"]
    published, images, buckets = 0, 0, set()
    for manifest in sorted(glob.glob(os.path.join(out, "*.assets.json"))):
        with open(manifest, encoding="utf-8") as handle:
            assets = json.load(handle)
        images += len(assets.get("dockerImages", {}))
        for asset_id, asset in sorted(assets.get("files", {}).items()):
            source = asset.get("source", {})
            path = os.path.join(out, source.get("path", ""))
            if source.get("packaging") == "zip" or os.path.isdir(path):
                body = zipped(path)
            else:
                with open(path, "rb") as handle:
                    body = handle.read()
            for destination in asset.get("destinations", {}).values():
                bucket = (
                    destination["bucketName"]
                    .replace("${AWS::AccountId}", account)
                    .replace("${AWS::Region}", region)
                    .replace("${AWS::Partition}", "aws")
                )
                key = destination["objectKey"]
                if bucket not in buckets:
                    if region == "us-east-1":
                        s3.create_bucket(Bucket=bucket)
                    else:
                        s3.create_bucket(
                            Bucket=bucket,
                            CreateBucketConfiguration={"LocationConstraint": region},
                        )
                    buckets.add(bucket)
                s3.put_object(Bucket=bucket, Key=key, Body=body)
                print(f"asset {asset_id[:12]}: s3://{bucket}/{key} ({len(body)} bytes)")
                published += 1
    print(
        f"iacgrade assets: {published} file asset(s) published, "
        f"{images} container image asset(s) not built"
    )
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as exc:  # noqa: BLE001 - the first error is the stage's verdict
        print(f"error: publishing the CDK assets failed: {exc}", file=sys.stderr)
        sys.exit(1)
