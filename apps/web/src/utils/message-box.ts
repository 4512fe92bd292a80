// Element's message box (and its CSS, which unplugin-element-plus adds beside this import) in a chunk of its own,
// for a page that opens one only when asked: the home page loads it at the first click that needs it, not before
// its first paint (issue 19).
import { ElMessageBox } from 'element-plus';

export { ElMessageBox };
