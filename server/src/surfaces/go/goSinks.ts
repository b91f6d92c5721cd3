// Calls that print or log their arguments: fmt.Print*, fmt.Fprint* to stdout/stderr, the log,
// slog, logrus, klog, tflog … package functions, logger methods (zap, slog, logrus, zerolog,
// testing.T), and the print builtins.
import type { SyntaxNode } from '../common';
import type { GoResolver } from './goResolve';
import { callArgs, calleeOf, codeName, selectorParts, unparen } from './goSyntax';

export interface PrintSink {
  /** `fmt.Println`, `log.Printf`, `logger.Info` … */
  name: string;
  /** The arguments whose content ends up in the output. */
  content: SyntaxNode[];
}

/** Package-level print/log functions by import path. */
const PACKAGE_SINKS: Record<string, RegExp> = {
  fmt: /^Print(f|ln)?$/,
  log: /^(Print|Fatal|Panic)(f|ln)?$/,
  'log/slog': /^(Debug|Info|Warn|Error|Log)(Context|Attrs)?$/,
  'github.com/sirupsen/logrus': /^(Print|Trace|Debug|Info|Warn|Warning|Error|Fatal|Panic)(f|ln)?$/,
  'k8s.io/klog': /^(Info|Warning|Error|Fatal)(f|ln|S|Depth)?$/,
  'k8s.io/klog/v2': /^(Info|Warning|Error|Fatal)(f|ln|S|Depth)?$/,
  'github.com/golang/glog': /^(Info|Warning|Error|Fatal)(f|ln|Depth)?$/,
  'github.com/rs/zerolog/log': /^Print(f)?$/,
  'github.com/hashicorp/terraform-plugin-log/tflog': /^(Trace|Debug|Info|Warn|Error)$/,
};

/** Packages whose values are loggers (`zap.L()`, `logrus.WithField(…)`, zerolog's `log.Info()`). */
const LOGGER_PACKAGES = new Set([
  'log',
  'log/slog',
  'go.uber.org/zap',
  'github.com/sirupsen/logrus',
  'github.com/rs/zerolog',
  'github.com/rs/zerolog/log',
  'github.com/go-logr/logr',
  'github.com/hashicorp/go-hclog',
  'k8s.io/klog/v2',
]);

/** Logger methods that write (including zerolog's `Msg`/`Send` at the end of a chain). */
const LOGGER_METHOD = /^(Print(Err)?|Trace|Debug|Info|Warn|Warning|Error|Fatal|Panic|Log|Msg|Send)(f|ln|w|S|Context|Ctx|Depth|Attrs)?$/;
/** Types of logger values, of test handles (their Log/Error output lands in CI logs) and of cobra commands (Print* goes to the terminal). */
const LOGGER_TYPE = /\b(log|slog|zap|logrus|zerolog|logr|hclog|klog)\.[A-Z]\w*|\btesting\.(T|B|F|TB)\b|\bcobra\.Command\b/;
/** Names of logger variables and fields: `log`, `logger`, `l`, `logEntry`, `s.reqLogger`, `audit_log`. */
const LOGGER_NAME = /^(l|lg|log|logger)$|^log[A-Z_]|(Log|Logger|_log|_logger)$/;
/** Writers that are the terminal: the only Fprint targets treated as printing. */
const STDOUT_METHODS = new Set(['OutOrStdout', 'OutOrStderr', 'ErrOrStderr']);

export function printSinkOf(r: GoResolver, call: SyntaxNode): PrintSink | undefined {
  const callee = calleeOf(call);
  if (!callee) return undefined;
  const args = callArgs(call);
  if (callee.type === 'identifier') {
    return (callee.text === 'print' || callee.text === 'println') && !r.bindingOf(callee) && !r.pkg.values.has(callee.text) ? { name: callee.text, content: args } : undefined;
  }
  const sel = selectorParts(callee);
  if (!sel) return undefined;
  const path = sel.operand.type === 'identifier' ? r.importPathOf(sel.operand) : undefined;
  if (path !== undefined) {
    const name = r.qualifiedName(path, sel.field);
    if (path === 'fmt' && /^Fprint(f|ln)?$/.test(sel.field)) return args[0] && isTerminal(r, args[0], 0) ? { name, content: args.slice(1) } : undefined;
    if (path === 'log' && sel.field === 'Output') return { name, content: args.slice(1) };
    if (path === 'io' && sel.field === 'WriteString') return args[0] && isTerminal(r, args[0], 0) ? { name, content: args.slice(1) } : undefined;
    return PACKAGE_SINKS[path]?.test(sel.field) ? { name, content: args } : undefined;
  }
  // os.Stdout.Write(b), os.Stderr.WriteString(s).
  if ((sel.field === 'Write' || sel.field === 'WriteString') && isTerminal(r, sel.operand, 0)) return { name: codeName(callee), content: args };
  if (!LOGGER_METHOD.test(sel.field) || !isLogger(r, sel.operand, 0)) return undefined;
  // Values attached earlier in a chain (`logrus.WithField("k", v).Info(…)`, zerolog's `.Str("k", v).Msg(…)`) are written too.
  const chained: SyntaxNode[] = [];
  for (let receiver = unparen(sel.operand); receiver.type === 'call_expression'; ) {
    chained.push(...callArgs(receiver));
    const inner = selectorParts(calleeOf(receiver) ?? receiver);
    if (!inner) break;
    receiver = unparen(inner.operand);
  }
  return { name: codeName(callee), content: [...args, ...chained] };
}

function isLogger(r: GoResolver, expr: SyntaxNode, depth: number): boolean {
  const e = unparen(expr);
  if (depth > 6) return false;
  if (e.type === 'identifier') {
    const path = r.importPathOf(e);
    if (path !== undefined) return LOGGER_PACKAGES.has(path);
    const binding = r.bindingOf(e);
    if (binding?.type) return LOGGER_TYPE.test(binding.type.text) || LOGGER_NAME.test(e.text);
    if (binding) {
      const held = r.heldValue(e);
      if (!('unknown' in held) && isLogger(r, held.expr, depth + 1)) return true;
    }
    return LOGGER_NAME.test(e.text);
  }
  const sel = selectorParts(e);
  if (sel) return LOGGER_NAME.test(sel.field);
  if (e.type === 'call_expression') {
    const callee = calleeOf(e);
    const inner = callee && selectorParts(callee);
    return !!inner && isLogger(r, inner.operand, depth + 1);
  }
  return false;
}

/** `os.Stdout`, `os.Stderr`, cobra's `cmd.OutOrStdout()`, or a variable holding one. */
function isTerminal(r: GoResolver, expr: SyntaxNode, depth: number): boolean {
  const e = unparen(expr);
  if (depth > 4) return false;
  const sel = selectorParts(e);
  if (sel && sel.operand.type === 'identifier' && r.importPathOf(sel.operand) === 'os') return sel.field === 'Stdout' || sel.field === 'Stderr';
  if (e.type === 'call_expression') {
    const inner = selectorParts(calleeOf(e) ?? e);
    return !!inner && STDOUT_METHODS.has(inner.field);
  }
  if (e.type === 'identifier') {
    const held = r.heldValue(e);
    return !('unknown' in held) && isTerminal(r, held.expr, depth + 1);
  }
  return false;
}
