// Where the repository keeps its copy of the official Network Flow Monitor model. The layout is
// botocore's data layout (`<root>/<service>/<api version>/service-2.json`), so `AWS_DATA_PATH=models`
// makes boto3 load exactly the files the client is generated from.
import * as path from "node:path";

export const SERVICE = "networkflowmonitor";
export const API_VERSION = "2023-04-19";
/** The data path root: what AWS_DATA_PATH points at. */
export const MODELS_ROOT = path.resolve(__dirname, "..", "models");
export const MODEL_DIR = modelDir(MODELS_ROOT);
/** The files the generator reads; a refresh refuses a source folder that lacks one. */
export const REQUIRED_MODEL_FILES = ["service-2.json", "endpoint-rule-set-1.json", "paginators-1.json"];

export function modelDir(root: string): string {
  return path.join(root, SERVICE, API_VERSION);
}
