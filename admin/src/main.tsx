import { render } from "preact";
import { App } from "./app";
import "./styles/base.css";
import "./styles/editor.css";

render(<App />, document.getElementById("app")!);
