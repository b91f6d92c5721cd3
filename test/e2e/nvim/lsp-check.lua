-- Neovim (0.7+) as a second language client of `kms-lint server --stdio`, headless:
--   KMS_LINT_BIN=bin/kms-lint.js KMS_LINT_FILE=platform/keys.tf nvim --headless --clean -u lsp-check.lua
-- Opens the file, waits for the export-allowed diagnostic, checks its docs link, the hover and the
-- quick fix, and prints one line per check and `nvim: N passed, N failed`. Exits non-zero on failure.
-- (0.7 has no vim.lsp.start: start_client + buf_attach_client. An error inside VimEnter would leave
-- headless nvim hanging, hence xpcall and an explicit cq!.)
local RULE = 'export-allowed'
local PRACTICE_ANCHOR = '#restrict-key-material-export'
local FIX_TITLE = 'Disable key-material export'
local DEADLINE_MS = 20000

local function out(s) io.stdout:write(s .. '\n') end
local passed, failed = 0, 0
local function check(name, ok, detail)
  if ok then passed = passed + 1 else failed = failed + 1 end
  out(string.format('%s %s%s', ok and 'ok  ' or 'FAIL', name, detail and (': ' .. detail) or ''))
end

local function rule_diagnostics(bufnr)
  return vim.tbl_filter(function(d) return d.code == RULE end, vim.diagnostic.get(bufnr))
end

local function main()
  local bin, file = os.getenv('KMS_LINT_BIN'), os.getenv('KMS_LINT_FILE')
  assert(bin and file, 'KMS_LINT_BIN and KMS_LINT_FILE must be set')
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  local started = vim.loop.hrtime()
  -- (client_is_stopped() is also true while the client is still initializing, so track the exit here)
  local server_exited = false
  local client_id = vim.lsp.start_client({
    name = 'kms-lint',
    cmd = { 'node', bin, 'server', '--stdio' },
    root_dir = vim.fn.getcwd(),
    on_exit = function(code, signal)
      server_exited = true
      if code ~= 0 then out(string.format('server exited with %d (signal %d)', code, signal)) end
    end,
  })
  assert(client_id, 'the language server did not start')
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)

  -- 1. the diagnostic, with its rule id, position and docs link
  vim.wait(DEADLINE_MS, function() return #rule_diagnostics(bufnr) > 0 or server_exited end, 50)
  local d = rule_diagnostics(bufnr)[1]
  out(string.format('diagnostics after %.0f ms:', (vim.loop.hrtime() - started) / 1e6))
  for _, diag in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = diag.user_data and diag.user_data.lsp or {}
    out(string.format('  %d:%d [%s] %s href=%s', diag.lnum + 1, diag.col + 1, tostring(diag.code), diag.message,
      lsp.codeDescription and lsp.codeDescription.href or 'none'))
  end
  check('diagnostic ' .. RULE, d ~= nil)
  if not d then return end
  local href = d.user_data and d.user_data.lsp and d.user_data.lsp.codeDescription and d.user_data.lsp.codeDescription.href or ''
  check('diagnostic at the export_allowed attribute', d.lnum == 6 and d.col == 2, string.format('%d:%d', d.lnum, d.col))
  check('docs link to the practice', href:find(PRACTICE_ANCHOR, 1, true) ~= nil, href)

  -- 2. hover on the finding: the practice and a link
  local uri = vim.uri_from_bufnr(bufnr)
  local position = { line = d.lnum, character = d.col + 1 }
  local hover = client.request_sync('textDocument/hover', { textDocument = { uri = uri }, position = position }, 5000, bufnr)
  local contents = hover and hover.result and hover.result.contents
  local text = type(contents) == 'table' and (contents.value or table.concat(vim.tbl_map(function(c) return type(c) == 'table' and c.value or c end, contents), '\n')) or tostring(contents)
  out('hover: ' .. text:gsub('\n', ' | '))
  check('hover names the practice', text:find('Restrict key material export', 1, true) ~= nil)
  check('hover links to the docs', text:find('](https://', 1, true) ~= nil)

  -- 3. the quick fix; 0.7 keeps only code/codeDescription/data in user_data.lsp, so rebuild the LSP diagnostic
  local range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } }
  local lsp_diagnostic = vim.tbl_extend('force', d.user_data.lsp, { range = range, message = d.message, severity = d.severity, source = d.source })
  local res = client.request_sync('textDocument/codeAction',
    { textDocument = { uri = uri }, range = range, context = { diagnostics = { lsp_diagnostic }, only = { 'quickfix' } } }, 5000, bufnr)
  local action
  for _, a in ipairs(res and res.result or {}) do
    if a.title == FIX_TITLE then action = a end
  end
  check('quick fix "' .. FIX_TITLE .. '" offered', action ~= nil)
  if not action then return end
  if not action.edit then
    local resolved = client.request_sync('codeAction/resolve', action, 5000, bufnr)
    action = resolved and resolved.result or action
  end
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  local line = vim.api.nvim_buf_get_lines(bufnr, 6, 7, false)[1]
  check('quick fix edits the line', line == '  export_allowed          = false', line)
  vim.wait(DEADLINE_MS, function() return #rule_diagnostics(bufnr) == 0 end, 50)
  check('diagnostic gone after the fix', #rule_diagnostics(bufnr) == 0)
  vim.lsp.stop_client(client_id)
end

vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    local ok, err = xpcall(main, debug.traceback)
    if not ok then check('script ran', false, err) end
    out(string.format('nvim: %d passed, %d failed', passed, failed))
    vim.cmd((ok and failed == 0 and passed > 0) and 'qa!' or 'cq!')
  end,
})
