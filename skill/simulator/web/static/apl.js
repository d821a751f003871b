// A small APL-to-HTML renderer: close enough to read a document's layout (titles, body text,
// lists bound to data, hints, image placeholders), not a full APL runtime. It handles data
// binding (${path}, .length, comparisons, && || !), `when`, `data` repetition, resources
// (dimensions, colours), styles, Container/Frame/ScrollView/Sequence/Text/Image/TouchWrapper and
// the Alexa responsive components' common properties. Anything else shows as a labelled box.
// There is no maintained offline APL renderer for the browser, hence this file.
"use strict";

(function () {
  const VIEWPORT = { width: 1280, height: 800, shape: "rectangle", dpi: 160, mode: "hub", theme: "dark" };

  // --- expressions ----------------------------------------------------------------------------
  function tokenize(src) {
    const tokens = [];
    const re = /\s*(?:(\d+(?:\.\d+)?)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(==|!=|>=|<=|&&|\|\||[<>!()?:.\[\]+\-*\/%])|([A-Za-z_][A-Za-z0-9_]*))/y;
    let m;
    re.lastIndex = 0;
    while (re.lastIndex < src.length) {
      const at = re.lastIndex;
      m = re.exec(src);
      if (!m || m.index !== at) {
        if (/^\s*$/.test(src.slice(at))) break;
        throw new Error("cannot read expression: " + src);
      }
      if (m[1] !== undefined) tokens.push({ t: "num", v: parseFloat(m[1]) });
      else if (m[2] !== undefined) tokens.push({ t: "str", v: m[2].slice(1, -1) });
      else if (m[3] !== undefined) tokens.push({ t: "op", v: m[3] });
      else if (m[4] !== undefined) tokens.push({ t: "id", v: m[4] });
    }
    return tokens;
  }

  function evaluate(src, scope) {
    const tokens = tokenize(src);
    let i = 0;
    const peek = () => tokens[i];
    const take = (v) => {
      const tok = tokens[i];
      if (v !== undefined && (!tok || tok.v !== v)) throw new Error("expected " + v);
      i += 1;
      return tok;
    };
    function primary() {
      const tok = take();
      if (!tok) return undefined;
      if (tok.t === "num" || tok.t === "str") return postfix(tok.v);
      if (tok.t === "op" && tok.v === "(") { const v = ternary(); take(")"); return postfix(v); }
      if (tok.t === "op" && tok.v === "!") return !unary();
      if (tok.t === "op" && tok.v === "-") return -unary();
      if (tok.t === "id") {
        if (tok.v === "true") return true;
        if (tok.v === "false") return false;
        if (tok.v === "null") return null;
        return postfix(scope[tok.v]);
      }
      throw new Error("unexpected " + tok.v);
    }
    function postfix(value) {
      for (;;) {
        const tok = peek();
        if (tok && tok.v === ".") { take(); const name = take().v; value = value == null ? undefined : value[name]; }
        else if (tok && tok.v === "[") { take(); const key = ternary(); take("]"); value = value == null ? undefined : value[key]; }
        else return value;
      }
    }
    const unary = primary;
    function binary(next, ops) {
      return function () {
        let left = next();
        while (peek() && ops.includes(peek().v)) {
          const op = take().v;
          const right = next();
          switch (op) {
            case "*": left = left * right; break;
            case "/": left = left / right; break;
            case "%": left = left % right; break;
            case "+": left = left + right; break;
            case "-": left = left - right; break;
            case "<": left = left < right; break;
            case ">": left = left > right; break;
            case "<=": left = left <= right; break;
            case ">=": left = left >= right; break;
            case "==": left = left === right; break;
            case "!=": left = left !== right; break;
            case "&&": left = left && right; break;
            case "||": left = left || right; break;
          }
        }
        return left;
      };
    }
    const mul = binary(unary, ["*", "/", "%"]);
    const add = binary(mul, ["+", "-"]);
    const cmp = binary(add, ["<", ">", "<=", ">="]);
    const eq = binary(cmp, ["==", "!="]);
    const and = binary(eq, ["&&"]);
    const or = binary(and, ["||"]);
    function ternary() {
      const cond = or();
      if (peek() && peek().v === "?") { take(); const a = ternary(); take(":"); const b = ternary(); return cond ? a : b; }
      return cond;
    }
    return ternary();
  }

  // "${a}" -> the value itself; "text ${a} more" -> a string.
  function bind(value, scope) {
    if (typeof value !== "string" || value.indexOf("${") < 0) return value;
    const whole = /^\$\{([^}]*)\}$/.exec(value);
    try {
      if (whole) return evaluate(whole[1], scope);
      return value.replace(/\$\{([^}]*)\}/g, (_, expr) => {
        const v = evaluate(expr, scope);
        return v == null ? "" : String(v);
      });
    } catch (e) {
      return whole ? undefined : value;
    }
  }

  function when(item, scope) {
    if (item.when === undefined) return true;
    return Boolean(bind(item.when, scope));
  }

  // --- resources, styles, units -------------------------------------------------------------
  function resources(doc, scope) {
    const res = {};
    for (const block of doc.resources || []) {
      if (!when(block, scope)) continue;
      for (const kind of ["dimensions", "colors", "strings", "numbers", "booleans"]) {
        Object.assign(res, block[kind] || {});
      }
    }
    return res;
  }

  function resolve(value, ctx) {
    let v = bind(value, ctx.scope);
    for (let depth = 0; typeof v === "string" && v.startsWith("@") && depth < 5; depth += 1) {
      v = ctx.res[v.slice(1)];
    }
    return v;
  }

  function size(value, ctx, axis) {
    const v = resolve(value, ctx);
    if (v === undefined || v === null || v === "auto") return undefined;
    if (typeof v === "number") return v + "px";
    const m = /^(-?\d+(?:\.\d+)?)(dp|px|vw|vh|%)?$/.exec(String(v).trim());
    if (!m) return undefined;
    const n = parseFloat(m[1]);
    switch (m[2]) {
      case "vw": return (n * VIEWPORT.width / 100) + "px";
      case "vh": return (n * VIEWPORT.height / 100) + "px";
      case "%": return n + "%";
      default: return n + "px";
    }
  }

  function styleProps(item, ctx) {
    const props = {};
    const style = item.style && ctx.doc.styles ? ctx.doc.styles[resolve(item.style, ctx)] : null;
    if (style) {
      const chain = [];
      for (let s = style, d = 0; s && d < 5; d += 1) { chain.unshift(s); s = s.extend ? ctx.doc.styles[s.extend] : null; }
      for (const s of chain) {
        for (const block of s.values || [s.value || {}]) {
          if (when(block, ctx.scope)) Object.assign(props, block);
        }
      }
    }
    for (const key of Object.keys(item)) props[key] = item[key];
    return props;
  }

  // --- components -----------------------------------------------------------------------------
  const BOX = {
    width: "width", height: "height", minWidth: "minWidth", maxWidth: "maxWidth",
    minHeight: "minHeight", maxHeight: "maxHeight",
    paddingLeft: "paddingLeft", paddingRight: "paddingRight", paddingTop: "paddingTop",
    paddingBottom: "paddingBottom", padding: "padding", left: "left", right: "right", top: "top",
    bottom: "bottom",
  };

  function applyBox(el, p, ctx) {
    for (const [apl, css] of Object.entries(BOX)) {
      if (p[apl] !== undefined) {
        const v = size(p[apl], ctx);
        if (v !== undefined) el.style[css] = v;
      }
    }
    if (p.paddingStart !== undefined) el.style.paddingLeft = size(p.paddingStart, ctx) || "";
    if (p.paddingEnd !== undefined) el.style.paddingRight = size(p.paddingEnd, ctx) || "";
    if (p.position === "absolute") el.style.position = "absolute";
    if (p.backgroundColor !== undefined) el.style.backgroundColor = resolve(p.backgroundColor, ctx);
    if (p.opacity !== undefined) el.style.opacity = resolve(p.opacity, ctx);
    if (p.display === "none" || p.display === "invisible") el.style.visibility = "hidden";
    if (p.grow !== undefined) el.style.flexGrow = resolve(p.grow, ctx);
    if (p.shrink !== undefined) el.style.flexShrink = resolve(p.shrink, ctx);
    if (p.alignSelf !== undefined) el.style.alignSelf = align(resolve(p.alignSelf, ctx));
  }

  function align(v) {
    return { start: "flex-start", end: "flex-end", center: "center", stretch: "stretch", baseline: "baseline",
      spaceBetween: "space-between", spaceAround: "space-around", spaceEvenly: "space-evenly" }[v] || "";
  }

  function text(el, p, ctx) {
    const fontSize = size(p.fontSize, ctx);
    el.style.fontSize = fontSize || "40px";
    if (p.color !== undefined) el.style.color = resolve(p.color, ctx);
    else el.style.color = "#fafafa";
    if (p.fontWeight !== undefined) el.style.fontWeight = resolve(p.fontWeight, ctx);
    if (p.fontStyle !== undefined) el.style.fontStyle = resolve(p.fontStyle, ctx);
    if (p.textAlign !== undefined) el.style.textAlign = resolve(p.textAlign, ctx);
    el.style.lineHeight = "1.25";
    el.style.overflowWrap = "anywhere";
    const value = resolve(p.text, ctx);
    // APL text allows a few markup tags (<br>, <b>, <i>); show it as plain text with breaks.
    el.textContent = value == null ? "" : String(value).replace(/<br\s*\/?>/gi, "\n").replace(/<[^>]+>/g, "");
    el.style.whiteSpace = "pre-line";
  }

  function imagePlaceholder(el, label, ctx) {
    el.classList.add("apl-image");
    el.textContent = label;
    if (!el.style.width) el.style.width = "100%";
    if (!el.style.height) el.style.height = "200px";
  }

  function children(item, ctx) {
    const out = [];
    const items = item.items || item.item || [];
    const list = Array.isArray(items) ? items : [items];
    const data = item.data !== undefined ? bind(item.data, ctx.scope) : undefined;
    if (Array.isArray(data)) {
      data.forEach((datum, index) => {
        const scope = Object.assign({}, ctx.scope, { data: datum, index, length: data.length });
        const sub = Object.assign({}, ctx, { scope });
        const chosen = list.find((c) => when(c, scope));
        if (chosen) out.push([chosen, sub]);
      });
    } else {
      // Without data, a Container shows every item whose `when` holds (Sequence: the same).
      for (const child of list) if (when(child, ctx.scope)) out.push([child, ctx]);
    }
    if (item.firstItem && when(item.firstItem, ctx.scope)) out.unshift([item.firstItem, ctx]);
    if (item.lastItem && when(item.lastItem, ctx.scope)) out.push([item.lastItem, ctx]);
    return out;
  }

  function renderItem(item, ctx) {
    if (!item || !when(item, ctx.scope)) return null;
    if (typeof item === "string") item = { type: "Text", text: item };
    // bind the item's own parameters for layouts
    const layout = ctx.doc.layouts && ctx.doc.layouts[item.type];
    if (layout) return renderLayout(item, layout, ctx);
    const p = styleProps(item, ctx);
    const el = document.createElement("div");
    el.dataset.aplType = item.type;
    applyBox(el, p, ctx);
    switch (item.type) {
      case "Container":
      case "ScrollView":
      case "Sequence":
      case "GridSequence":
      case "Pager":
      case "TouchWrapper": {
        el.style.position = el.style.position || "relative";
        el.style.display = "flex";
        const dir = resolve(p.direction, ctx);
        el.style.flexDirection = item.type === "Sequence" && resolve(p.scrollDirection, ctx) === "horizontal" ? "row"
          : dir === "row" ? "row" : "column";
        if (p.alignItems) el.style.alignItems = align(resolve(p.alignItems, ctx));
        if (p.justifyContent) el.style.justifyContent = align(resolve(p.justifyContent, ctx));
        if (item.type !== "Container" && item.type !== "TouchWrapper") el.style.overflow = "hidden";
        let kids = children(item, ctx);
        if (item.type === "Pager") kids = kids.slice(0, 1);
        for (const [child, sub] of kids) {
          const c = renderItem(child, sub);
          if (c) el.appendChild(c);
        }
        break;
      }
      case "Frame": {
        if (p.borderColor !== undefined) el.style.borderColor = resolve(p.borderColor, ctx);
        if (p.borderWidth !== undefined) { el.style.borderStyle = "solid"; el.style.borderWidth = size(p.borderWidth, ctx) || "0"; }
        if (p.borderRadius !== undefined) el.style.borderRadius = size(p.borderRadius, ctx) || "0";
        if (el.style.position === "absolute") { el.style.left = el.style.left || "0"; el.style.top = el.style.top || "0"; }
        const kids = children(item, ctx);
        for (const [child, sub] of kids) {
          const c = renderItem(child, sub);
          if (c) el.appendChild(c);
        }
        break;
      }
      case "Text":
        text(el, p, ctx);
        break;
      case "Image":
      case "VectorGraphic":
      case "Video": {
        const source = resolve(p.source || p.sources, ctx);
        imagePlaceholder(el, (item.type === "Video" ? "video" : "image") + (typeof source === "string" && source ? ": " + source.split("/").pop() : ""), ctx);
        break;
      }
      default:
        renderResponsive(el, item, p, ctx);
    }
    return el;
  }

  function renderLayout(item, layout, ctx) {
    const scope = Object.assign({}, ctx.scope);
    for (const param of layout.parameters || []) {
      const name = typeof param === "string" ? param : param.name;
      const fallback = typeof param === "string" ? undefined : param.default;
      scope[name] = item[name] !== undefined ? bind(item[name], ctx.scope) : fallback;
    }
    const sub = Object.assign({}, ctx, { scope });
    const body = Array.isArray(layout.items) ? layout.items.find((c) => when(c, scope)) : layout.items || layout.item;
    return renderItem(body, sub);
  }

  // Alexa responsive components (AlexaHeadline, AlexaDetail, AlexaTextList...): their common
  // properties in reading order, with a placeholder for any image.
  function renderResponsive(el, item, p, ctx) {
    el.style.display = "flex";
    el.style.flexDirection = "column";
    el.style.gap = "16px";
    el.style.padding = el.style.padding || "40px 56px";
    el.style.position = el.style.position || "relative";
    el.style.width = el.style.width || "100%";
    el.style.height = el.style.height || "100%";
    const bg = resolve(p.backgroundImageSource, ctx) || resolve(p.backgroundImage, ctx);
    if (bg) {
      const ph = document.createElement("div");
      imagePlaceholder(ph, "background image", ctx);
      ph.style.height = "60px";
      el.appendChild(ph);
    }
    const parts = [
      ["headerTitle", 28, "#cfd8da", "normal"],
      ["headerSubtitle", 22, "#abb8b8", "normal"],
      ["primaryText", 48, "#fafafa", "bold"],
      ["secondaryText", 28, "#cfd8da", "normal"],
      ["bodyText", 26, "#fafafa", "normal"],
      ["tertiaryText", 24, "#abb8b8", "normal"],
    ];
    let shown = 0;
    for (const [key, px, color, weight] of parts) {
      const v = resolve(p[key], ctx);
      if (v == null || v === "") continue;
      const t = document.createElement("div");
      t.dataset.aplPart = key;
      text(t, { text: v }, ctx);
      t.style.fontSize = px + "px";
      t.style.color = color;
      t.style.fontWeight = weight;
      el.appendChild(t);
      shown += 1;
    }
    const image = resolve(p.imageSource, ctx) || resolve(p.headerAttributionImage, ctx);
    if (image) {
      const ph = document.createElement("div");
      imagePlaceholder(ph, "image: " + String(image).split("/").pop(), ctx);
      ph.style.width = "320px";
      el.appendChild(ph);
      shown += 1;
    }
    const items = resolve(p.listItems, ctx);
    if (Array.isArray(items)) {
      for (const li of items) {
        const t = document.createElement("div");
        text(t, { text: (li && (li.primaryText || li.text)) || String(li) }, ctx);
        t.style.fontSize = "28px";
        el.appendChild(t);
        shown += 1;
      }
    }
    const hint = resolve(p.hintText, ctx) || resolve(p.footerHintText, ctx);
    if (hint) {
      const t = document.createElement("div");
      t.dataset.aplPart = "hint";
      text(t, { text: hint }, ctx);
      t.style.fontSize = "22px";
      t.style.fontStyle = "italic";
      t.style.color = "#abb8b8";
      t.style.marginTop = "auto";
      el.appendChild(t);
      shown += 1;
    }
    if (!shown) {
      el.classList.add("apl-unknown");
      el.textContent = item.type + " (not rendered here)";
    }
  }

  function render(container, doc, datasources) {
    container.textContent = "";
    const stage = document.createElement("div");
    stage.className = "apl-stage";
    stage.style.width = VIEWPORT.width + "px";
    stage.style.height = VIEWPORT.height + "px";
    stage.style.fontFamily = "'Amazon Ember', 'DejaVu Sans', system-ui, sans-serif";
    stage.style.color = "#fafafa";
    stage.style.background = doc && doc.theme === "light" ? "#fafafa" : "#000";
    container.appendChild(stage);
    if (!doc || typeof doc !== "object") return stage;
    const scope = { viewport: VIEWPORT, environment: { aplVersion: doc.version }, Math };
    const main = doc.mainTemplate || {};
    const params = main.parameters || [];
    params.forEach((param) => {
      const name = typeof param === "string" ? param : param.name;
      scope[name] = (datasources || {})[name];
      if (scope[name] === undefined) scope[name] = datasources;
    });
    if (!params.length) scope.payload = datasources;
    const ctx = { doc, scope, res: {} };
    ctx.res = resources(doc, scope);
    const items = Array.isArray(main.items) ? main.items : [main.items || main.item].filter(Boolean);
    const first = items.find((c) => when(c, scope));
    const el = renderItem(first, ctx);
    if (el) stage.appendChild(el);
    fit(container);
    return stage;
  }

  function fit(container) {
    const stage = container.querySelector(".apl-stage");
    if (!stage) return;
    const scale = container.clientWidth / VIEWPORT.width;
    stage.style.transform = "scale(" + (scale || 0.3) + ")";
  }

  window.MiliaAPL = { render, fit, evaluate, bind, VIEWPORT };
})();
