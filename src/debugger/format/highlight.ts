/**
 * Light syntax highlighting for `list`: keywords, strings, numbers and
 * comments of JavaScript/TypeScript lines. Line by line and regex-based, so a
 * string or comment spanning lines is only partly colored; that is enough to
 * read a listing and costs no parser.
 */
import type { ChalkInstance } from 'chalk';

/** The tokens colored: line comments, block comments, strings, numbers, keywords (capture groups 1-5). */
export const token =
  /(\/\/.*$)|(\/\*.*?(?:\*\/|$))|('(?:\\.|[^'\\])*'?|"(?:\\.|[^"\\])*"?|`(?:\\.|[^`\\])*`?)|\b(\d[\d_]*(?:\.\d+)?n?)\b|\b(await|async|break|case|catch|class|const|continue|debugger|default|delete|do|else|export|extends|finally|for|from|function|if|import|in|instanceof|interface|let|new|of|return|switch|throw|try|type|typeof|var|void|while|yield|true|false|null|undefined|this)\b/g;

/** Colors one line of source. */
export function highlightLine(line: string, chalk: ChalkInstance): string {
  return line.replace(token, (match, lineComment, blockComment, string, number, keyword) => {
    if (lineComment || blockComment) return chalk.gray(match);
    if (string) return chalk.green(match);
    if (number) return chalk.yellow(match);
    if (keyword) return chalk.magenta(match);
    return match;
  });
}
