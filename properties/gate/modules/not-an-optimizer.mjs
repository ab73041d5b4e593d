// A factory returning something that is not an optimizer (no update).
export default () => ({ name: 'x', init: () => null });
