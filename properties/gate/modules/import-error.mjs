// A module that fails to import (a missing dependency).
import { nothing } from './does-not-exist.mjs';
export default () => nothing;
