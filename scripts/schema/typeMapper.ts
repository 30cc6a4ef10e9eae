// Turns TypeScript declarations (interfaces, their properties and TSDoc) into Pulumi schema specs, with the
// TypeScript compiler API. No file I/O beyond what the ts.Program already read: the caller builds the program.
//
// The mapping, property by property:
//   pulumi.Input<T>, pulumi.Output<T>, T | undefined   → T (undefined or `?` makes it optional)
//   string, number, boolean                            → the primitive (`@integer` in TSDoc makes a number an integer)
//   T[], Array<T>                                      → array of T
//   Record<string, T>, { [k: string]: T }              → map of T
//   an interface I (or IArgs)                          → object type networkflowmonitor:index:I
//   a type alias of a union of string literals         → enum type named as the alias (member names from a
//                                                        same-named const object when one exists)
//   an inline union of string literals ("create")      → enum type named <Owner><Property> (WorkloadMonitorScope)
//   a union of different types (boolean | I)           → oneOf
// Two interfaces of one name (after dropping `Args`) and the same shape are one type; of different shapes, an error.
// TSDoc tags: `@secret` marks a property secret, `@deprecated <why>` gives its deprecationMessage.
import * as ts from "typescript";

export interface TypeSpec {
  type?: "string" | "number" | "integer" | "boolean" | "array" | "object";
  items?: TypeSpec;
  additionalProperties?: TypeSpec;
  $ref?: string;
  oneOf?: TypeSpec[];
}

export interface PropertySpec extends TypeSpec {
  description: string;
  secret?: boolean;
  replaceOnChanges?: boolean;
  deprecationMessage?: string;
}

export interface ObjectTypeSpec {
  type: "object";
  description?: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

export interface EnumTypeSpec {
  type: "string";
  description?: string;
  enum: { name: string; value: string; description?: string }[];
}

export type ComplexTypeSpec = ObjectTypeSpec | EnumTypeSpec;

/** A property as declared: its schema spec and whether a value is always present. */
export interface MappedProperty {
  name: string;
  spec: PropertySpec;
  optional: boolean;
  /** Where it is declared (`sdk/monitor.ts: MonitorArgs.region`), for messages. */
  source: string;
}

/** A mistake in the TypeScript the schema is generated from, worded for whoever edits that file. */
export class SchemaSourceError extends Error {}

const PULUMI_WRAPPERS = new Set(["Input", "Output"]);

export class SchemaTypeMapper {
  /** Object and enum types met so far, by token. */
  readonly types = new Map<string, ComplexTypeSpec>();
  /** Which declaration each type token came from, so two declarations cannot claim one token. */
  private readonly origins = new Map<string, ts.Node>();
  private readonly checker: ts.TypeChecker;

  constructor(
    private readonly program: ts.Program,
    private readonly packageName: string,
    private readonly root: string,
  ) {
    this.checker = program.getTypeChecker();
  }

  /** The interface, class or type alias `name` declared at the top level of `file` (a path relative to the root). */
  declaration(file: string, name: string): ts.InterfaceDeclaration | ts.ClassDeclaration | ts.TypeAliasDeclaration {
    const source = this.program.getSourceFile(`${this.root}/${file}`);
    if (!source) throw new SchemaSourceError(`${file} is missing: the schema table in scripts/generate-schema.ts names it`);
    for (const statement of source.statements) {
      if ((ts.isInterfaceDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) && statement.name?.text === name) {
        return statement;
      }
    }
    throw new SchemaSourceError(`${file} declares no interface, class or type ${name}: fix the schema table in scripts/generate-schema.ts or restore the declaration`);
  }

  /** The TSDoc of the interface, class, type alias or function `name` declared at the top level of `file`. */
  docOfDeclared(file: string, name: string): string {
    const source = this.program.getSourceFile(`${this.root}/${file}`);
    const fn = source?.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === name);
    return this.docOf(fn ?? this.declaration(file, name));
  }

  /** The TSDoc text of a declaration, as Markdown. */
  docOf(node: ts.Declaration): string {
    const symbol = (node as ts.NamedDeclaration).name ? this.checker.getSymbolAtLocation((node as ts.NamedDeclaration).name!) : undefined;
    return symbol ? this.docOfSymbol(symbol) : "";
  }

  /**
   * The properties of an interface (inherited ones included) or the `declare`d Output properties of a class.
   * Names starting with `__` are the dynamic provider's plumbing and never part of the schema.
   */
  properties(file: string, name: string, reuse?: Map<string, MappedProperty>): MappedProperty[] {
    const decl = this.declaration(file, name);
    if (ts.isTypeAliasDeclaration(decl)) {
      // `type X = I` or `type X = import("./m").I`: the properties (and their TSDoc) are I's.
      const target = this.checker.getTypeAtLocation(decl.name).getSymbol()?.declarations?.find(ts.isInterfaceDeclaration);
      if (!target) throw new SchemaSourceError(`${file}: ${name} is a type alias of no interface; the schema table needs an interface, a class, or an alias of an interface`);
      return this.properties(relativeFile(target.getSourceFile().fileName, this.root), target.name.text, reuse);
    }
    const where = `${file}: ${name}`;
    if (ts.isClassDeclaration(decl)) {
      return decl.members
        .filter((m): m is ts.PropertyDeclaration => ts.isPropertyDeclaration(m) && !!m.modifiers?.some((k) => k.kind === ts.SyntaxKind.DeclareKeyword))
        .filter((m) => !m.name.getText().startsWith("__"))
        .map((m) => this.mapMember(where, this.checker.getSymbolAtLocation(m.name)!, m, reuse));
    }
    const type = this.checker.getTypeAtLocation(decl);
    return this.checker
      .getPropertiesOfType(type)
      .filter((s) => !s.name.startsWith("__"))
      .map((s) => {
        const member = s.valueDeclaration;
        if (!member || !(ts.isPropertySignature(member) || ts.isPropertyDeclaration(member))) {
          throw new SchemaSourceError(`${where}.${s.name} is not a plain property: the schema maps property signatures only`);
        }
        return this.mapMember(where, s, member, reuse);
      });
  }

  /** Registers `name` (an interface) as an object type and returns a reference to it. */
  objectTypeRef(file: string, name: string): TypeSpec {
    return this.refTo(this.declaration(file, name), `${file}: ${name}`);
  }

  /** Registers a type alias of string literals (for example one nothing else references) as an enum. */
  enumTypeRef(file: string, name: string): TypeSpec {
    return this.refTo(this.declaration(file, name), `${file}: ${name}`);
  }

  /** `networkflowmonitor:index:<name>`, without a trailing `Args`: Pulumi's code generators add that themselves. */
  tokenFor(name: string): string {
    return `${this.packageName}:index:${name.replace(/Args$/, "")}`;
  }

  /**
   * One property. With `reuse` holding a property of the same name (an input, for an output), its type, secrecy and
   * (when this one has no TSDoc) description are taken from there: a resource's output and input share one type.
   */
  private mapMember(where: string, symbol: ts.Symbol, member: ts.PropertySignature | ts.PropertyDeclaration, reuse?: Map<string, MappedProperty>): MappedProperty {
    const path = `${where}.${symbol.name}`;
    if (!member.type) throw new SchemaSourceError(`${path} has no type annotation: write one, the schema is generated from it`);
    const optional = !!member.questionToken || this.admitsUndefined(member.type);
    const same = reuse?.get(symbol.name);
    if (same) {
      return { name: symbol.name, spec: { ...same.spec, description: this.docOfSymbol(symbol) || same.spec.description }, optional, source: path };
    }
    const tags = symbol.getJsDocTags(this.checker);
    const owner = where.slice(where.lastIndexOf(" ") + 1).replace(/Args$|Outputs$/, "");
    let spec: TypeSpec = this.mapType(member.type, path, owner + symbol.name[0].toUpperCase() + symbol.name.slice(1));
    if (tags.some((t) => t.name === "integer")) {
      if (spec.type !== "number") throw new SchemaSourceError(`${path} is tagged @integer but its type is not number`);
      spec = { type: "integer" };
    }
    const property: PropertySpec = { description: this.docOfSymbol(symbol), ...spec };
    if (tags.some((t) => t.name === "secret")) property.secret = true;
    const deprecated = tags.find((t) => t.name === "deprecated");
    if (deprecated) property.deprecationMessage = ts.displayPartsToString(deprecated.text).trim() || "Deprecated.";
    return { name: symbol.name, spec: property, optional, source: path };
  }

  /** Whether a type, through Input/Output wrappers, lets the value be undefined. */
  private admitsUndefined(node: ts.TypeNode): boolean {
    if (ts.isUnionTypeNode(node)) return node.types.some((t) => t.kind === ts.SyntaxKind.UndefinedKeyword || this.admitsUndefined(t));
    if (ts.isTypeReferenceNode(node) && PULUMI_WRAPPERS.has(lastName(node.typeName)) && node.typeArguments?.length === 1) {
      return this.admitsUndefined(node.typeArguments[0]);
    }
    return false;
  }

  /** `enumName` names the enum an inline union of string literals becomes. */
  private mapType(node: ts.TypeNode, path: string, enumName: string): TypeSpec {
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { type: "string" };
      case ts.SyntaxKind.NumberKeyword:
        return { type: "number" };
      case ts.SyntaxKind.BooleanKeyword:
        return { type: "boolean" };
    }
    if (ts.isParenthesizedTypeNode(node)) return this.mapType(node.type, path, enumName);
    if (ts.isArrayTypeNode(node)) return { type: "array", items: this.mapType(node.elementType, `${path}[]`, enumName) };
    const literals = stringLiterals(node);
    if (literals) return this.ref(enumName, node, () => ({ type: "string", enum: literals.map((value) => ({ name: enumMemberName(value), value })) }));
    if (ts.isUnionTypeNode(node)) {
      const present = node.types.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword && !(ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword));
      if (present.length === 1) return this.mapType(present[0], path, enumName);
      // boolean is true | false to the checker, but one keyword here: no duplicates to fold.
      return { oneOf: present.map((t) => this.mapType(t, path, enumName)) };
    }
    if (ts.isTypeLiteralNode(node)) {
      const map = this.indexSignatureValue(node);
      if (map) return { type: "object", additionalProperties: this.mapType(map, `${path}[key]`, enumName) };
      throw new SchemaSourceError(`${path} is an inline object type: declare it as an exported interface so the schema gets a named type`);
    }
    if (ts.isTypeReferenceNode(node)) return this.mapReference(node, path, enumName);
    throw new SchemaSourceError(`${path} has a type the schema generator does not map (${node.getText()}): use string, number, boolean, arrays, Record<string, T>, interfaces or string-literal unions`);
  }

  private mapReference(node: ts.TypeReferenceNode, path: string, enumName: string): TypeSpec {
    const name = lastName(node.typeName);
    const args = node.typeArguments ?? [];
    if (PULUMI_WRAPPERS.has(name) && args.length === 1) return this.mapType(args[0], path, enumName);
    if (name === "Array" && args.length === 1) return { type: "array", items: this.mapType(args[0], `${path}[]`, enumName) };
    if (name === "Record" && args.length === 2) {
      if (args[0].kind !== ts.SyntaxKind.StringKeyword) throw new SchemaSourceError(`${path}: only Record<string, T> maps to a schema map`);
      return { type: "object", additionalProperties: this.mapType(args[1], `${path}[key]`, enumName) };
    }
    let symbol = this.checker.getSymbolAtLocation(node.typeName);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    const decl = symbol?.declarations?.find((d) => ts.isInterfaceDeclaration(d) || ts.isTypeAliasDeclaration(d));
    if (!decl) throw new SchemaSourceError(`${path} refers to ${node.getText()}, which is not an interface or type alias the schema generator can map`);
    return this.refTo(decl as ts.InterfaceDeclaration | ts.TypeAliasDeclaration, path);
  }

  private refTo(decl: ts.InterfaceDeclaration | ts.ClassDeclaration | ts.TypeAliasDeclaration, path: string): TypeSpec {
    const name = decl.name!.text;
    if (ts.isTypeAliasDeclaration(decl)) {
      const values = this.stringLiteralValues(decl);
      if (values) return this.ref(name, decl, () => this.enumSpec(decl, values));
      // An alias of another type (type ScopeTimeouts = MonitorTimeouts) maps as that type.
      return this.mapType(decl.type, path, name);
    }
    if (ts.isClassDeclaration(decl)) throw new SchemaSourceError(`${path} refers to the class ${name}: a property's type must be data (an interface)`);
    return this.ref(name, decl, () => {
      const file = relativeFile(decl.getSourceFile().fileName, this.root);
      const properties = this.properties(file, name);
      for (const p of properties) if (!p.spec.description) throw missingDescription(p.source);
      const required = properties.filter((p) => !p.optional).map((p) => p.name);
      const doc = this.docOf(decl);
      return {
        type: "object",
        ...(doc ? { description: doc } : {}),
        properties: Object.fromEntries(properties.map((p) => [p.name, p.spec])),
        ...(required.length > 0 ? { required } : {}),
      };
    });
  }

  private ref(name: string, decl: ts.Node, build: () => ComplexTypeSpec): TypeSpec {
    const token = this.tokenFor(name);
    const seen = this.origins.get(token);
    if (!seen) {
      this.origins.set(token, decl);
      this.types.set(token, build());
    } else if (seen !== decl && !sameShape(this.types.get(token)!, build())) {
      // Two declarations of one shape (the SDK's MonitorTimeoutsArgs, a component's MonitorTimeouts) are one type.
      throw new SchemaSourceError(
        `${token} would come from two declarations of different shapes (${describe(seen, this.root)} and ${describe(decl, this.root)}): rename one, or make them the same`,
      );
    }
    return { $ref: `#/types/${token}` };
  }

  /** The values of an alias that resolves to a union of string literals, in declaration order; else undefined. */
  private stringLiteralValues(decl: ts.TypeAliasDeclaration): string[] | undefined {
    const type = this.checker.getTypeAtLocation(decl.name);
    const members = type.isUnion() ? type.types : [type];
    if (!members.every((t) => t.isStringLiteral())) return undefined;
    return members.map((t) => (t as ts.StringLiteralType).value);
  }

  private enumSpec(decl: ts.TypeAliasDeclaration, values: string[]): EnumTypeSpec {
    // `export const X = { Name: "value" } as const` beside `type X = ...` names the members; else the values do.
    const names = new Map<string, { name: string; description: string }>();
    for (const statement of decl.getSourceFile().statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const v of statement.declarationList.declarations) {
        if (!ts.isIdentifier(v.name) || v.name.text !== decl.name.text || !v.initializer) continue;
        const init = ts.isAsExpression(v.initializer) ? v.initializer.expression : v.initializer;
        if (!ts.isObjectLiteralExpression(init)) continue;
        for (const p of init.properties) {
          if (ts.isPropertyAssignment(p) && ts.isStringLiteral(p.initializer)) {
            const symbol = this.checker.getSymbolAtLocation(p.name);
            names.set(p.initializer.text, { name: p.name.getText(), description: symbol ? this.docOfSymbol(symbol) : "" });
          }
        }
      }
    }
    const doc = this.docOf(decl);
    return {
      type: "string",
      ...(doc ? { description: doc } : {}),
      enum: values.map((value) => {
        const named = names.get(value);
        return { name: named?.name ?? enumMemberName(value), value, ...(named?.description ? { description: named.description } : {}) };
      }),
    };
  }

  private indexSignatureValue(node: ts.TypeLiteralNode): ts.TypeNode | undefined {
    if (node.members.length !== 1) return undefined;
    const [member] = node.members;
    if (!ts.isIndexSignatureDeclaration(member) || member.parameters[0]?.type?.kind !== ts.SyntaxKind.StringKeyword) return undefined;
    return member.type;
  }

  private docOfSymbol(symbol: ts.Symbol): string {
    return tsdocToMarkdown(ts.displayPartsToString(symbol.getDocumentationComment(this.checker)));
  }
}

/**
 * `{@link X}` and `{@link X | text}` become code spans; the rest of TSDoc is Markdown already. TypeScript examples
 * (```ts fences) are dropped: every language's SDK shows the schema's descriptions, and a Python user would see them verbatim.
 */
export function tsdocToMarkdown(text: string): string {
  return text
    .replace(/```(?:ts|typescript|js|javascript)\n[\s\S]*?```\n*/g, "")
    .replace(/\{@link(?:code|plain)?\s+([^}|\s]+)(?:\s*\|\s*([^}]+))?\s*\}/g, (_m, target: string, label?: string) => (label ? label.trim() : `\`${target}\``))
    .trim();
}

/** An enum member name from its value: `IN_PROGRESS` stays, `AWS::EC2::VPC` becomes `AwsEc2Vpc`. */
export function enumMemberName(value: string): string {
  if (/^[A-Za-z][A-Za-z0-9_]*$/.test(value)) return value;
  const words = value.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const name = words.map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase()).join("");
  return /^[A-Za-z]/.test(name) ? name : `Value${name}`;
}

/** The values of an inline string literal or union of them (`"create"`, `"a" | "b" | undefined`); else undefined. */
function stringLiterals(node: ts.TypeNode): string[] | undefined {
  const members = ts.isUnionTypeNode(node) ? node.types.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword) : [node];
  const values = members.map((t) => (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? t.literal.text : undefined));
  return values.every((v) => v !== undefined) ? (values as string[]) : undefined;
}

/** Whether two type specs are the same but for their descriptions. */
function sameShape(a: unknown, b: unknown): boolean {
  const strip = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(strip) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).filter(([k]) => k !== "description").map(([k, x]) => [k, strip(x)])) : v;
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

/** The error for a property without TSDoc: every property in the schema has a description. */
export function missingDescription(source: string): SchemaSourceError {
  return new SchemaSourceError(`${source} has no description: add a TSDoc comment (/** ... */) above it; every schema property needs one`);
}

function lastName(name: ts.EntityName): string {
  return ts.isIdentifier(name) ? name.text : name.right.text;
}

function relativeFile(fileName: string, root: string): string {
  return fileName.startsWith(`${root}/`) ? fileName.slice(root.length + 1) : fileName;
}

function describe(decl: ts.Node, root: string): string {
  const name = (decl as ts.NamedDeclaration).name?.getText() ?? decl.getText();
  return `${relativeFile(decl.getSourceFile().fileName, root)}: ${name}`;
}
