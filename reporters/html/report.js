(function(){
"use strict";
// Renders the findings of each check and the affected users from the JSON data block: filter,
// sort, page (one page of rows in the DOM). Text goes in with textContent only. Printing (and
// print to PDF) shows every row of every table and opens every check; the screen view comes back
// after.
const data=JSON.parse(document.getElementById("migready-data").textContent);
const PAGE=50;
const dn=(rdn,ou)=>rdn?rdn+(ou>=0?","+data.ous[ou]:""):"";
// A user as shown: name, UPN and cloud id on their own lines.
const who=(...parts)=>parts.filter(Boolean).join("\n");
const fcols=[["Severity",r=>data.sev[r[1]],"sev"],["User",r=>who(r[2],r[5],r[6]),"who"],["DN",r=>dn(r[3],r[4]),"long"],
 ["Kind",r=>data.kinds[r[7]],"short"]];
if(data.waves.length)fcols.push(["Wave",r=>r[13]>=0?data.waves[r[13]]:"","short"]);
fcols.push(["Finding",r=>data.messages[r[10]],"text"],
 ["Evidence",r=>(r[8]>=0?data.files[r[8]]+r[9]:"")+r[12].map(d=>data.details[d]).filter(Boolean).map(l=>"\n"+l).join(""),"long"]);
if(data.gates.length)fcols.push(["Note",r=>r[11]>=0?data.gates[r[11]]:""]);
// A user row says only what its first finding's row does not (null: as that row says).
const U=(u,i,ri)=>u[i]!==null?u[i]:data.rows[u[0]][ri];
const uName=u=>U(u,1,2),uUpn=u=>U(u,4,5),uOu=u=>u[2]===null?data.rows[u[0]][4]:u[3];
const ucols=[["Status",u=>data.statuses[u[8]],"sev"],["User",uName],["UPN",uUpn],["OU",u=>uOu(u)>=0?data.ous[uOu(u)]:"","long"],
 ["Kind",u=>data.kinds[u[6]],"short"]];
if(data.waves.length)ucols.push(["Wave",u=>u[7]>=0?data.waves[u[7]]:"","short"]);
ucols.push(["Checks",u=>u[10]],["Findings",u=>u[11]+(u[12]?" ("+u[12]+" waived)":""),"short"]);
// How the gate treats each user, when its options leave some out (waived, baseline, other wave).
if(data.users.some(u=>u[13]>=0&&data.statuses[u[13]]!=="counted"))ucols.push(["Gate",u=>u[13]>=0?data.statuses[u[13]]:"","short"]);
function el(tag,text,cls){const e=document.createElement(tag);if(text!==undefined)e.textContent=text;if(cls)e.className=cls;return e;}
const tables=[];
// A paged, filterable, sortable table of data rows (indexes into `source`).
function pagedTable(box,source,all,cols,noun,cellClass,extra){
 const st={q:"",col:-1,dir:1,page:0,rows:all,only:null,printing:false};
 const tools=el("div",undefined,"tools");const input=el("input");input.type="search";input.placeholder="Filter "+all.length+" "+noun+"…";input.setAttribute("aria-label","Filter "+noun);
 const prev=el("button","‹ Previous");const next=el("button","Next ›");const info=el("span","","muted pages");
 const clear=el("button","Show all");clear.hidden=true;
 tools.append(input,prev,info,next,clear);box.appendChild(tools);
 const wrap=el("div",undefined,"scroll");const table=el("table");const thead=el("thead");const hr=el("tr");
 cols.forEach((c,ci)=>{const th=el("th",c[0],"sort");th.addEventListener("click",()=>{st.dir=st.col===ci?-st.dir:1;st.col=ci;apply();});hr.appendChild(th);});
 thead.appendChild(hr);const tbody=el("tbody");table.append(thead,tbody);wrap.appendChild(table);box.appendChild(wrap);
 function apply(){
  const q=st.q.toLowerCase();
  let rows=st.only?all.filter(st.only.test):all.slice();
  if(q)rows=rows.filter(i=>cols.some(c=>String(c[1](source[i])).toLowerCase().includes(q)));
  if(st.col>=0){const f=cols[st.col][1];rows.sort((a,b)=>{const x=String(f(source[a])),y=String(f(source[b]));return x<y?-st.dir:x>y?st.dir:0;});}
  st.rows=rows;st.page=0;render();}
 function render(){
  const pages=Math.max(1,Math.ceil(st.rows.length/PAGE));st.page=Math.min(st.page,pages-1);
  tbody.replaceChildren();
  const shown=st.printing?st.rows:st.rows.slice(st.page*PAGE,(st.page+1)*PAGE);
  for(const i of shown){const r=source[i];const tr=el("tr");cols.forEach((c,ci)=>{const v=String(c[1](r));const td=el("td",c[2]==="who"?undefined:v,c[2]);if(c[2]==="who")td.append(...v.split("\n").map(p=>el("span",p,"line")));const cls=cellClass(r,ci);if(cls)td.classList.add(cls);if(extra)extra(td,r,ci,i);tr.appendChild(td);});tbody.appendChild(tr);}
  const of=st.only?" of "+st.only.name:"";
  info.textContent=st.printing?st.rows.length+" "+noun+of+", all shown":st.rows.length+" "+noun+of+", page "+(st.page+1)+" of "+pages;
  prev.disabled=st.page===0;next.disabled=st.page>=pages-1;clear.hidden=!st.only;}
 input.addEventListener("input",()=>{st.q=input.value;apply();});
 prev.addEventListener("click",()=>{st.page--;render();});next.addEventListener("click",()=>{st.page++;render();});
 clear.addEventListener("click",()=>{st.only=null;apply();});
 const t={st,apply,render,count:()=>st.rows.length};tables.push(t);render();return t;
}
// The findings per check.
const byCheck=new Map();
data.rows.forEach((r,i)=>{const c=data.checks[r[0]];if(!byCheck.has(c))byCheck.set(c,[]);byCheck.get(c).push(i);});
const findingTables=[];
document.querySelectorAll("div.findings").forEach(box=>{
 const all=byCheck.get(box.dataset.check)||[];
 if(!all.length){box.appendChild(el("p","No findings.","muted"));return;}
 const t=pagedTable(box,data.rows,all,fcols,"finding(s)",(r,ci)=>ci===0?data.sev[r[1]]:"");
 t.details=box.closest("details");findingTables.push(t);
});
// Only one user's findings, in every check; the checks without any are closed.
function showUser(u){
 const x=data.users[u];const name=uUpn(x)||uName(x)||dn(U(x,2,3),uOu(x));
 for(const t of findingTables){t.st.only={name,test:i=>data.rows[i][14]===u};t.apply();if(t.details)t.details.open=t.count()>0;}
 const checks=document.getElementById("checks");if(checks)checks.scrollIntoView();
}
// The affected users, each with a link to their findings.
const usersBox=document.querySelector("div.users");
if(usersBox&&data.users.length){
 const link=(td,u,ci,i)=>{if(ci!==1)return;const a=el("a",td.textContent||"(no name)");a.href="#checks";a.addEventListener("click",e=>{e.preventDefault();showUser(i);});td.replaceChildren(a);};
 pagedTable(usersBox,data.users,data.users.map((_,i)=>i),ucols,"user(s)",(u,ci)=>ci===0&&u[9]>=0?data.sev[u[9]]:"",link);
}
// Printing: every row, every check open; afterwards the screen as it was.
let opened=[];
function beforePrint(){
 if(tables.some(t=>t.st.printing))return;
 opened=[...document.querySelectorAll("details")].filter(d=>!d.open);opened.forEach(d=>d.open=true);
 for(const t of tables){t.st.printing=true;t.render();}
}
function afterPrint(){
 if(!tables.some(t=>t.st.printing))return;
 opened.forEach(d=>d.open=false);opened=[];
 for(const t of tables){t.st.printing=false;t.render();}
}
window.addEventListener("beforeprint",beforePrint);window.addEventListener("afterprint",afterPrint);
matchMedia("print").addEventListener("change",e=>e.matches?beforePrint():afterPrint());
document.body.dataset.rendered="true";
})();
