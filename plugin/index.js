// Entry point of the plugin folder: Pulumi's Node.js language host (cmd/run-plugin) requires this folder with the
// plugin's arguments in process.argv (the engine's address last); the package's bin does the rest.
"use strict";
require("pulumi-networkflowmonitor/dist/provider/plugin/main.js");
