// The default export is an optimizer object, not a factory (schedule) => optimizer.
export default { name: 'x', init: () => null, update: (g, s, W) => ({ updates: W, state: s }) };
