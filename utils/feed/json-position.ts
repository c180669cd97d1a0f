/**
 * Finds where JSON text first goes wrong, for error messages: V8 gives no position for some errors
 * ("Unexpected token 'h', "hello" is not valid JSON"). Iterative, linear, only run after JSON.parse
 * has failed. Pure: no wxt, browser or DOM imports.
 */

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WS = /[ \t\n\r]*/y;

/** Index just past a string starting at the quote at `i`, or -(index of the error) - 1. */
function skipString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x22) return j + 1;
    if (c < 0x20) return -j - 1;
    if (c === 0x5c) {
      const e = text[j + 1];
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) return -j - 1;
        j += 5;
      } else if (e !== undefined && '"\\/bfnrt'.includes(e)) j++;
      else return -j - 1;
    }
  }
  return -text.length - 1;
}

/** The offset of the first syntax error in `text`, or undefined when it is valid JSON. */
export function jsonErrorPosition(text: string): number | undefined {
  const stack: ('[' | '{')[] = [];
  let i = 0;
  let expect: 'value' | 'key' | 'after' = 'value';
  const ws = () => {
    WS.lastIndex = i;
    WS.exec(text);
    i = WS.lastIndex;
  };
  for (;;) {
    ws();
    const ch = text[i];
    if (expect === 'after') {
      const top = stack[stack.length - 1];
      if (top === undefined) return i < text.length ? i : undefined;
      if (ch === ',') {
        i++;
        expect = top === '[' ? 'value' : 'key';
      } else if ((ch === ']' && top === '[') || (ch === '}' && top === '{')) {
        i++;
        stack.pop();
      } else return i;
      continue;
    }
    if (expect === 'key') {
      if (ch !== '"') return i;
      const end = skipString(text, i);
      if (end < 0) return -end - 1;
      i = end;
      ws();
      if (text[i] !== ':') return i;
      i++;
      expect = 'value';
      continue;
    }
    if (ch === '[' || ch === '{') {
      stack.push(ch);
      i++;
      ws();
      // An empty container closes right away.
      if (text[i] === (ch === '[' ? ']' : '}')) {
        i++;
        stack.pop();
        expect = 'after';
      } else expect = ch === '[' ? 'value' : 'key';
      continue;
    }
    if (ch === '"') {
      const end = skipString(text, i);
      if (end < 0) return -end - 1;
      i = end;
    } else if (text.startsWith('true', i)) i += 4;
    else if (text.startsWith('false', i)) i += 5;
    else if (text.startsWith('null', i)) i += 4;
    else {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(text)) return i;
      i = NUMBER.lastIndex;
    }
    expect = 'after';
  }
}

/** "line 3, column 7" for an offset (both 1-based). */
export function lineColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let k = text.indexOf('\n'); k !== -1 && k < offset; k = text.indexOf('\n', k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}
