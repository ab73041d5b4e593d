// A module that forgot `export default`.
export const factory = (schedule) => ({ name: 'x', init: () => null, update: (g, s, W) => ({ updates: W, state: s }) });
