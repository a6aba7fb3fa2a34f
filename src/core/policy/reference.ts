/** The README's policy reference: one markdown table row per field, from the JSON Schema's descriptions. */
import { policyJsonSchema } from './json-schema.js';

interface SchemaNode {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: SchemaNode[];
  items?: SchemaNode;
  default?: unknown;
  description?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
}

export function policyReferenceMarkdown(): string {
  const rows: string[] = ['| field | type | default | description |', '|---|---|---|---|'];
  const walk = (node: SchemaNode, prefix: string, required: readonly string[]): void => {
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      const field = prefix ? `${prefix}.${key}` : key;
      const fallback =
        child.default !== undefined
          ? `\`${JSON.stringify(child.default)}\``
          : required.includes(key)
            ? '**required**'
            : '';
      rows.push(`| \`${field}\` | ${typeName(child)} | ${fallback} | ${escape(child.description ?? '')} |`);
      if (child.properties) walk(child, field, child.required ?? []);
    }
  };
  const root = policyJsonSchema() as SchemaNode;
  walk(root, '', root.required ?? []);
  return `${rows.join('\n')}\n`;
}

function typeName(node: SchemaNode): string {
  if (node.const !== undefined) return `\`${JSON.stringify(node.const)}\``;
  if (node.enum) return node.enum.map((value) => `\`${String(value)}\``).join(' \\| ');
  if (node.anyOf) return [...new Set(node.anyOf.map(typeName))].join(' or ');
  if (node.type === 'array') return `list of ${node.items ? typeName(node.items) : 'values'}`;
  if (node.type === 'object') return 'mapping';
  return Array.isArray(node.type) ? node.type.join(' or ') : (node.type ?? 'any');
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, ' ');
}
